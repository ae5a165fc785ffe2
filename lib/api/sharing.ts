import { z } from "zod";
import { ZNameSchema } from "../names";

// Sharing between projects (docs/sharing.md): the home project's Owner shares its whole feature store or listed
// feature groups, views and training datasets with another project, READ or READ_WRITE; the receiver's Owner accepts
// or declines; the home project's Owner may revoke at any time.

const SHARE_LEVELS = ["READ", "READ_WRITE"] as const;
const SHARE_STATUSES = ["PENDING", "ACCEPTED", "DECLINED", "REVOKED"] as const;
const SHARE_ITEM_KINDS = ["featureGroup", "featureView", "trainingDataset"] as const;
export type TShareItemKind = (typeof SHARE_ITEM_KINDS)[number];
const MAX_SHARE_ITEMS = 200;

const ZShareItemRefSchema = z
  .object({
    kind: z.enum(SHARE_ITEM_KINDS),
    id: z
      .string()
      .max(80)
      .regex(
        /^(fg|fv|td)_[0-9a-z]{1,64}$/,
        "a feature group (fg_…), feature view (fv_…) or training dataset (td_…) id",
      ),
  })
  .strict();

export const ZCreateShareSchema = z
  .object({
    withProject: ZNameSchema.describe("The receiving project's name"),
    level: z.enum(SHARE_LEVELS).default("READ").describe("READ, or READ_WRITE (the receiver may also ingest)"),
    items: z
      .union([z.literal("all"), z.array(ZShareItemRefSchema).min(1).max(MAX_SHARE_ITEMS)])
      .describe('"all" (the whole feature store, present and future), or the items by id'),
  })
  .strict()
  .meta({ id: "CreateShare" });
export type TCreateShare = z.input<typeof ZCreateShareSchema>;

const ZWhoWhenSchema = z.object({ at: z.string(), by: z.string().nullable() }).nullable();

export const ZShareSchema = z
  .object({
    id: z.string(),
    homeProject: z.string(),
    receiverProject: z.string(),
    items: z.union([
      z.literal("all"),
      z.array(z.object({ kind: z.enum(SHARE_ITEM_KINDS), id: z.string(), name: z.string(), version: z.number() })),
    ]),
    level: z.enum(SHARE_LEVELS),
    status: z.enum(SHARE_STATUSES),
    created: ZWhoWhenSchema,
    decided: ZWhoWhenSchema.describe("Accepted or declined by the receiver's Owner"),
    revoked: ZWhoWhenSchema,
  })
  .meta({ id: "Share" });
export type TShare = z.infer<typeof ZShareSchema>;

export const ZShareListSchema = z
  .object({
    sharedBy: z.array(ZShareSchema).describe("Shares this project made"),
    sharedWith: z.array(ZShareSchema).describe("Shares offered to this project"),
  })
  .meta({ id: "ShareList" });

export const ZShareImpactSchema = z
  .object({
    featureViews: z.number().int().describe("The receiver's feature views that read shared items"),
    trainingDatasets: z.number().int().describe("The receiver's training datasets made from shared items"),
    models: z.number().int().describe("The receiver's models trained on those views or datasets"),
    monitors: z.number().int().describe("The receiver's monitors of shared items or of those views"),
  })
  .meta({ id: "ShareImpact" });
export type TShareImpact = z.infer<typeof ZShareImpactSchema>;

export const ZRevokedShareSchema = z
  .object({ share: ZShareSchema, impact: ZShareImpactSchema })
  .meta({ id: "RevokedShare" });
