import { z } from "zod";
import { ZNameSchema } from "../names";
import { CREATED_FIELDS, VERSIONED_OBJECT_FIELDS, versionedListSchema } from "./feature-groups";

// The model registry (docs/models.md): a model version names the feature view and training datasets it was trained
// on (in its own project, until sharing exists), its framework and metrics, and optionally an artifact file.

const ZRefSchema = z.object({ name: ZNameSchema, version: z.number().int().min(1).max(2_147_483_647) }).strict();

const MAX_METRICS = 100;
export const ZCreateModelSchema = z
  .object({
    name: ZNameSchema,
    version: z.number().int().min(1).max(100_000).optional().describe("Omit for the next version"),
    description: z.string().max(5000).default(""),
    framework: z.string().trim().max(100).default("").describe("sklearn, xgboost, pytorch, …"),
    metrics: z
      .record(
        z
          .string()
          .min(1)
          .max(63)
          .regex(/^[A-Za-z][A-Za-z0-9_.@-]*$/, "letters, digits, '_', '.', '@' and '-', starting with a letter"),
        z.number().finite(),
      )
      .refine((metrics) => Object.keys(metrics).length <= MAX_METRICS, `at most ${MAX_METRICS} metrics`)
      .default({})
      .describe("Evaluation metrics by name: { auc: 0.91 }"),
    featureView: ZRefSchema.optional().describe("The feature view it was trained on (default: its datasets' view)"),
    trainingDatasets: z.array(ZRefSchema).max(20).default([]).describe("The training datasets it was trained on"),
  })
  .strict()
  .meta({ id: "CreateModel" });
export type TCreateModel = z.input<typeof ZCreateModelSchema>;

const ZLinkSchema = z.object({ name: z.string(), version: z.number().int(), exists: z.boolean() });

export const ZModelSchema = z
  .object({
    ...VERSIONED_OBJECT_FIELDS,
    framework: z.string(),
    metrics: z.record(z.string(), z.number()),
    featureView: ZLinkSchema.nullable(),
    trainingDatasets: z.array(ZLinkSchema),
    artifact: z.object({ fileName: z.string(), sizeBytes: z.number(), sha256: z.string() }).nullable(),
    /** Whether the feature view can serve online: every feature group it reads is online and in sync. */
    serving: z
      .object({
        online: z.boolean(),
        featureGroups: z.array(
          z.object({ name: z.string(), version: z.number().int(), onlineEnabled: z.boolean(), inSync: z.boolean() }),
        ),
      })
      .nullable(),
    ...CREATED_FIELDS,
  })
  .meta({ id: "Model" });
export type TModel = z.infer<typeof ZModelSchema>;

export const ZModelListSchema = versionedListSchema("models", ZModelSchema, "ModelList");

export const ZModelListQuerySchema = z
  .object({
    q: z.string().max(200).optional(),
    featureView: ZNameSchema.optional().describe("Only models trained on this feature view…"),
    featureViewVersion: z
      .string()
      .regex(/^[1-9][0-9]{0,9}$/)
      .transform(Number)
      .optional()
      .describe("…version"),
    trainingDataset: ZNameSchema.optional().describe("Only models trained on this training dataset…"),
    trainingDatasetVersion: z
      .string()
      .regex(/^[1-9][0-9]{0,9}$/)
      .transform(Number)
      .optional()
      .describe("…version"),
  })
  .strict();

export const ZArtifactQuerySchema = z.object({
  fileName: z.string().min(1).max(255).describe("The artifact's file name (model.pkl, model.onnx, …)"),
});
