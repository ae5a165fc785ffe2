import { z } from "zod";
import { ZNameSchema } from "../names";
import { ZFeatureGroupRefSchema } from "./feature-views";

// Erasure requests ("right to be forgotten", docs/erasure.md): request and response schemas shared by the routes, the
// console's form and the OpenAPI document. A key is named by its digest everywhere a response or report shows it.

/** Keys per request: a request is one person's (or a few people's) keys, not a bulk delete. */
const MAX_ERASURE_KEYS = 10_000;
/** Feature groups a request may name (it may also name none: every group with the key columns). */
const MAX_ERASURE_GROUPS = 100;
// A key value as JSON: what a feature of a key type (int, bigint, string, boolean, date, timestamp) is written as.
const MAX_KEY_TEXT = 1000;

const ERASURE_DATASET_POLICIES = ["recreate", "mark"] as const;
export type TErasureDatasetPolicy = (typeof ERASURE_DATASET_POLICIES)[number];

const ERASURE_STATUSES = ["QUEUED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"] as const;

// PostgreSQL keeps neither a NUL in text nor "\u0000" in JSON: such a key could be neither filed nor stored (no
// feature value holds one either, for the same reason), so it is refused naming the field rather than failing.
const NO_NUL = (text: string) => !text.includes("\u0000");
const ZKeyValueSchema = z.union([
  z.string().max(MAX_KEY_TEXT).refine(NO_NUL, "must not contain a NUL character (\\u0000)"),
  z.number().finite(),
  z.boolean(),
]);

/** One key: its value per key column (`{ "customer_id": 42 }`); every key of a request names the same columns. */
const ZErasureKeySchema = z
  .record(ZNameSchema, ZKeyValueSchema)
  .refine((key) => Object.keys(key).length > 0, "must name at least one primary-key column")
  .refine((key) => Object.keys(key).length <= 8, "may name at most 8 columns");

const erasureRequestFields = {
  keys: z
    .array(ZErasureKeySchema)
    .min(1)
    .max(MAX_ERASURE_KEYS)
    .describe("The keys to erase: per key, a value for each of the same primary-key column(s)"),
  featureGroups: z
    .array(ZFeatureGroupRefSchema)
    .min(1)
    .max(MAX_ERASURE_GROUPS)
    .optional()
    .describe("Omit for every feature group of the project whose primary key has these columns"),
  datasetPolicy: z
    .enum(ERASURE_DATASET_POLICIES)
    .describe(
      "Training datasets holding the keys: `recreate` (a new version without them; the old version's files are deleted) or `mark` (kept, marked as containing erased data)",
    ),
  note: z
    .string()
    .max(2000)
    .refine(NO_NUL, "must not contain a NUL character (\\u0000)")
    .default("")
    .describe("Why (a ticket number): never the values themselves"),
};

export const ZCreateErasureRequestSchema = z
  .object(erasureRequestFields)
  .strict()
  .superRefine((value, ctx) => {
    const columns = JSON.stringify(Object.keys(value.keys[0] ?? {}).sort());
    value.keys.forEach((key, index) => {
      if (JSON.stringify(Object.keys(key).sort()) !== columns)
        ctx.addIssue({
          code: "custom",
          path: ["keys", index],
          message: `must name the same columns as the first key (${JSON.parse(columns).join(", ")})`,
        });
    });
  })
  .meta({ id: "CreateErasureRequest" });
export type TCreateErasureRequest = z.input<typeof ZCreateErasureRequestSchema>;

/** An administrator files a request in any project, named in the body. */
export const ZAdminCreateErasureRequestSchema = z
  .object({ project: ZNameSchema, ...erasureRequestFields })
  .strict()
  .meta({ id: "AdminCreateErasureRequest" });

const ZErasureGroupSchema = z.object({ id: z.string(), name: z.string(), version: z.number().int() });

export const ZErasureRequestSchema = z
  .object({
    id: z.string(),
    status: z.enum(ERASURE_STATUSES),
    datasetPolicy: z.enum(ERASURE_DATASET_POLICIES),
    keyColumns: z.array(z.string()),
    keyCount: z.number().int(),
    keyDigests: z.array(z.string()).describe("SHA-256 of each key (peppered): how reports and the audit log name it"),
    allGroups: z.boolean(),
    featureGroups: z.array(ZErasureGroupSchema),
    note: z.string(),
    job: z
      .object({
        id: z.string(),
        status: z.string(),
        progress: z.number(),
        error: z.string().nullable(),
        cancellable: z.boolean(),
      })
      .nullable(),
    step: z.string().nullable().describe("What the job is doing or did last"),
    summary: z
      .object({
        rowsErased: z.number(),
        filesRewritten: z.number(),
        filesDeleted: z.number(),
        onlineKeysDeleted: z.number(),
        trainingDatasets: z.number(),
      })
      .nullable(),
    report: z.object({ sha256: z.string(), downloadPath: z.string() }).nullable(),
    filtering: z.boolean().describe("While open, ingests of its groups drop rows of its keys"),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: "ErasureRequest" });
export type TErasureRequest = z.infer<typeof ZErasureRequestSchema>;

export const ZErasureRequestListSchema = z
  .object({ erasureRequests: z.array(ZErasureRequestSchema) })
  .meta({ id: "ErasureRequestList" });

export const ZCreatedErasureRequestSchema = z
  .object({ erasureRequest: ZErasureRequestSchema })
  .meta({ id: "CreatedErasureRequest" });

/** The report as downloaded (docs/erasure.md): its exact bytes are what `report.sha256` is the SHA-256 of. */
export const ZErasureReportSchema = z
  .object({
    format: z.literal("larder.erasure-report/1"),
    request: z.object({ id: z.string() }).loose(),
  })
  .loose()
  .meta({ id: "ErasureReport" });
