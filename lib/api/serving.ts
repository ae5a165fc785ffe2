import { z } from "zod";
import { ZFeatureTypeSchema } from "./feature-groups";

// Online feature vectors (docs/feature-server.md). The feature server checks request bodies by hand on its hot
// path (server/serving/validate.ts); this schema documents that body and is not used to parse it.

const ZServingValueSchema = z.union([z.string(), z.number(), z.boolean()]);

export const ZVectorRequestSchema = z
  .object({
    entities: z.record(z.string(), ZServingValueSchema).describe("Exactly the view's serving keys"),
    passedFeatures: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Request parameters for on-demand features, and/or values overriding stored features"),
    options: z
      .object({
        trainingDataset: z
          .object({ name: z.string(), version: z.number().int().min(1) })
          .nullable()
          .optional()
          .describe("Whose fitted statistics to apply (default: the view's latest ready training dataset)"),
        includeMetadata: z.boolean().optional().describe("Add `features` and `trainingDataset`"),
      })
      .strict()
      .optional(),
  })
  .strict()
  .meta({ id: "VectorRequest" });

export const ZVectorResponseSchema = z
  .object({
    vector: z
      .array(z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.number())]))
      .describe("The view's features in order, transformed; bigint as a decimal string"),
    status: z.enum(["COMPLETE", "MISSING", "ERROR"]),
    features: z.array(z.object({ name: z.string(), type: ZFeatureTypeSchema })).optional(),
    inferenceHelpers: z.record(z.string(), z.unknown()).optional(),
    featureGroups: z.array(
      z.object({
        name: z.string(),
        version: z.number().int(),
        status: z.enum(["PRESENT", "NOT_FOUND", "OUTSIDE_MAX_AGE"]),
        eventTime: z.string().nullable(),
      }),
    ),
    trainingDataset: z.object({ name: z.string(), version: z.number().int() }).nullable().optional(),
    error: z.string().optional(),
  })
  .meta({ id: "Vector" });
