import { z } from "zod";
import { ZNameSchema } from "../names";
import { CREATED_FIELDS, VERSIONED_OBJECT_FIELDS, versionedListSchema, ZSharedFromSchema } from "./feature-groups";
import { ZFeatureGroupRefSchema } from "./feature-views";
import { ZJobSchema } from "./jobs";

// Training datasets and batch inference data: request and response schemas shared by routes, console and
// OpenAPI. Semantics (spines, splits, re-creation): docs/feature-views.md.

export const TRAINING_DATASET_FORMATS = ["parquet", "csv"] as const;
const ZTrainingDatasetFormatSchema = z.enum(TRAINING_DATASET_FORMATS);
export type TTrainingDatasetFormat = z.infer<typeof ZTrainingDatasetFormatSchema>;

export const SPLIT_NAMES = ["train", "validation", "test"] as const;
/** The one split of a dataset created with `split: {type: "none"}`. */
export const WHOLE_SPLIT = "all";

const ZInstantSchema = z.iso.datetime({ offset: true });
const ZTimeRangeSchema = z
  .object({
    start: ZInstantSchema.optional().describe("Inclusive"),
    end: ZInstantSchema.optional().describe("Exclusive"),
  })
  .strict()
  .refine((value) => !value.start || !value.end || Date.parse(value.start) < Date.parse(value.end), {
    message: "start must be before end",
    path: ["end"],
  })
  .meta({ id: "TimeRange" });

const ZSpineSchema = z
  .discriminatedUnion("type", [
    z
      .object({ type: z.literal("timeRange"), start: ZInstantSchema.optional(), end: ZInstantSchema.optional() })
      .strict()
      .describe("Rows of the root group whose event time is in [start, end)"),
    z
      .object({
        type: z.literal("upload"),
        uploadId: z.string().max(100),
        eventTime: ZNameSchema.describe("The spine's event-time column"),
      })
      .strict(),
    z
      .object({
        type: z.literal("featureGroup"),
        featureGroup: ZFeatureGroupRefSchema,
        eventTime: ZNameSchema.optional().describe("Default: the group's event time"),
      })
      .strict(),
  ])
  .meta({ id: "Spine" });
export type TSpine = z.infer<typeof ZSpineSchema>;

// Sizes are fractions; floating-point sums such as 0.7 + 0.2 + 0.1 are accepted within this tolerance.
const SPLIT_SUM_TOLERANCE = 1e-9;

const ZSplitSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("none") }).strict(),
    z
      .object({
        type: z.literal("random"),
        train: z.number().gt(0).lte(1),
        validation: z.number().gte(0).lt(1).default(0),
        test: z.number().gte(0).lt(1),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .default(42),
      })
      .strict(),
    z
      .object({
        type: z.literal("time"),
        train: ZTimeRangeSchema,
        validation: ZTimeRangeSchema.optional(),
        test: ZTimeRangeSchema.optional(),
      })
      .strict()
      .describe("Each split takes the rows whose label event time is in its [start, end)"),
  ])
  .meta({ id: "Split" });
export type TSplit = z.infer<typeof ZSplitSchema>;

export const ZCreateTrainingDatasetSchema = z
  .object({
    name: ZNameSchema.optional().describe("Default: the feature view's name"),
    version: z.number().int().min(1).max(100_000).optional().describe("Omit for the next version"),
    description: z.string().max(5000).default(""),
    spine: ZSpineSchema.default({ type: "timeRange" }),
    split: ZSplitSchema.default({ type: "none" }),
    format: ZTrainingDatasetFormatSchema.default("parquet"),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.split.type === "random") {
      const sum = value.split.train + value.split.validation + value.split.test;
      if (Math.abs(sum - 1) > SPLIT_SUM_TOLERANCE)
        ctx.addIssue({
          code: "custom",
          path: ["split"],
          message: `train + validation + test must add up to 1 (they add up to ${Number(sum.toFixed(6))})`,
        });
    }
  })
  .meta({ id: "CreateTrainingDataset" });
export type TCreateTrainingDataset = z.input<typeof ZCreateTrainingDatasetSchema>;

// ERASED: an erasure deleted this version's files and re-created it without the erased rows (docs/erasure.md).
const TRAINING_DATASET_STATUSES = ["PENDING", "RUNNING", "READY", "FAILED", "CANCELLED", "ERASED"] as const;
const ZTrainingDatasetStatusSchema = z.enum(TRAINING_DATASET_STATUSES);

const ZTrainingDatasetSplitSchema = z
  .object({
    name: z.string(),
    rowCount: z.number(),
    sizeBytes: z.number(),
    downloadPath: z.string().describe("API path that streams the file"),
  })
  .meta({ id: "TrainingDatasetSplit" });

const ZSourceCommitSchema = z
  .object({
    featureGroup: z.object({ id: z.string().nullable(), name: z.string(), version: z.number().int() }),
    deltaVersion: z.number().int(),
    role: z.enum(["root", "join", "spine"]),
  })
  .meta({ id: "SourceCommit" });

/** Fitted statistics per transformed feature: the numbers a model-dependent transformation applies. */
const ZTransformationStatisticsSchema = z
  .record(
    z.string(),
    z.object({
      type: z.string(),
      min: z.number().nullable().optional(),
      max: z.number().nullable().optional(),
      mean: z.number().nullable().optional(),
      std: z.number().nullable().optional(),
      median: z.number().nullable().optional(),
      iqr: z.number().nullable().optional(),
      vocabulary: z.array(z.string()).optional(),
    }),
  )
  .meta({ id: "TransformationStatistics" });
export type TTransformationStatistics = z.infer<typeof ZTransformationStatisticsSchema>;

export const ZTrainingDatasetSchema = z
  .object({
    ...VERSIONED_OBJECT_FIELDS,
    featureView: z.object({
      id: z.string().nullable().describe("null: the view was deleted by force; the dataset stays (see `broken`)"),
      name: z.string(),
      version: z.number().int(),
    }),
    /** Why it is marked broken (docs/lineage.md "Forced delete"): something it was built from was deleted by force. */
    broken: z
      .string()
      .nullable()
      .describe("Set when something it was built from was deleted by force: its files stay readable"),
    status: ZTrainingDatasetStatusSchema,
    format: ZTrainingDatasetFormatSchema,
    spine: z.unknown(),
    split: z.unknown(),
    splits: z.array(ZTrainingDatasetSplitSchema),
    rowCount: z.number(),
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
    sourceCommits: z.array(ZSourceCommitSchema),
    transformationStatistics: ZTransformationStatisticsSchema.nullable(),
    job: z
      .object({ id: z.string(), status: z.string(), progress: z.number(), error: z.string().nullable() })
      .nullable(),
    recreatedFrom: z.object({ name: z.string(), version: z.number().int() }).nullable(),
    erasure: z
      .object({
        requestId: z.string(),
        state: z.enum(["recreated", "rebuilt", "marked"]),
        message: z.string(),
      })
      .nullable()
      .describe("What an erasure did to this version (docs/erasure.md); null when none touched it"),
    sharedFrom: ZSharedFromSchema,
    revokedSources: z
      .array(z.object({ featureGroup: z.string(), project: z.string(), shareId: z.string() }))
      .describe(
        "Feature groups it was made from that another project shared with this one and has since revoked: its files stay readable",
      ),
    ...CREATED_FIELDS,
  })
  .meta({ id: "TrainingDataset" });
export type TTrainingDataset = z.infer<typeof ZTrainingDatasetSchema>;

/** A row of the project's list of training datasets (the console's Training datasets page). */
const ZTrainingDatasetSummarySchema = ZTrainingDatasetSchema.pick({
  id: true,
  name: true,
  version: true,
  status: true,
  featureView: true,
  broken: true,
  sharedFrom: true,
  revokedSources: true,
  createdAt: true,
}).meta({ id: "TrainingDatasetSummary" });
export type TTrainingDatasetSummary = z.infer<typeof ZTrainingDatasetSummarySchema>;

export const ZTrainingDatasetSummaryListSchema = versionedListSchema(
  "trainingDatasets",
  ZTrainingDatasetSummarySchema,
  "TrainingDatasetSummaryList",
);

export const ZTrainingDatasetListSchema = versionedListSchema(
  "trainingDatasets",
  ZTrainingDatasetSchema,
  "TrainingDatasetList",
);

export const ZCreatedTrainingDatasetSchema = z
  .object({
    job: ZJobSchema,
    trainingDataset: ZTrainingDatasetSchema,
  })
  .meta({ id: "CreatedTrainingDataset" });

export const ZDownloadSplitQuerySchema = z.object({
  format: ZTrainingDatasetFormatSchema.optional().describe("Default: the format the dataset was written in"),
});

// Entities per synchronous batch request: beyond this, pass a time range or create a training dataset.
const MAX_BATCH_ENTITIES = 10_000;
export const ZBatchDataSchema = z
  .object({
    entities: z
      .array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])))
      .min(1)
      .max(MAX_BATCH_ENTITIES)
      .optional()
      .describe(
        "Per entity: its serving keys and the view's request parameters (as in passedFeatures); latest feature values (as of `asOf`, default now)",
      ),
    asOf: ZInstantSchema.optional(),
    timeRange: ZTimeRangeSchema.optional().describe(
      "Alternatively: root-group rows in [start, end), joined point-in-time correctly",
    ),
    trainingDataset: z
      .object({ name: ZNameSchema, version: z.number().int().min(1) })
      .strict()
      .optional()
      .describe("Apply transformations with this dataset's fitted statistics"),
    format: z.enum(["parquet", "csv", "json"]).default("json"),
  })
  .strict()
  .refine((value) => Boolean(value.entities) !== Boolean(value.timeRange), {
    message: "send either entities or timeRange",
    path: ["entities"],
  })
  .meta({ id: "BatchData" });
export type TBatchData = z.input<typeof ZBatchDataSchema>;

export const ZBatchDataResponseSchema = z
  .object({
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
    rows: z.array(z.record(z.string(), z.unknown())),
    sourceCommits: z.array(ZSourceCommitSchema),
  })
  .meta({ id: "BatchDataResult" });
