import { z } from "zod";
import { ZNameSchema } from "../names";
import {
  CREATED_FIELDS,
  VERSIONED_OBJECT_FIELDS,
  versionedListSchema,
  ZFeatureTypeSchema,
  ZSharedFromSchema,
} from "./feature-groups";

// Feature views: request and response schemas shared by routes, console forms and the OpenAPI document.
// Semantics (joins, serving keys, filters, the expression language): docs/feature-views.md.

const MAX_JOINS = 20;
export const MAX_EXPRESSION_LENGTH = 2000;
// A filter tree deeper than this is a mistake or an attack on the compiler's recursion, not a real filter.
export const MAX_FILTER_DEPTH = 16;

export const ZFeatureGroupRefSchema = z
  .object({ name: ZNameSchema, version: z.number().int().min(1) })
  .strict()
  .meta({ id: "FeatureGroupRef" });
export type TFeatureGroupRef = z.infer<typeof ZFeatureGroupRefSchema>;

/** "all" | { except: [...] } | [...names]: which features of a group the view selects. */
const ZFeatureSelectionSchema = z
  .union([
    z.literal("all"),
    z.object({ except: z.array(ZNameSchema).max(1000) }).strict(),
    z.array(ZNameSchema).min(1).max(1000),
  ])
  .meta({ id: "FeatureSelection", description: "'all', {except: [names]} or a list of feature names" });
export type TFeatureSelection = z.infer<typeof ZFeatureSelectionSchema>;

const ZJoinSpecSchema = z
  .object({
    featureGroup: ZFeatureGroupRefSchema,
    alias: ZNameSchema.optional().describe("How later joins name this one as their `left` (default: the group's name)"),
    left: ZNameSchema.optional().describe("Alias of the left side: the root (default) or an earlier join (snowflake)"),
    leftOn: z
      .array(ZNameSchema)
      .min(1)
      .max(8)
      .optional()
      .describe("Left-side columns (default: the joined group's primary-key names)"),
    rightOn: z.array(ZNameSchema).min(1).max(8).optional().describe("Joined-group columns (default: its primary key)"),
    prefix: z
      .string()
      .regex(/^[a-z0-9_]*$/)
      .max(30)
      .optional()
      .describe("Prepended to the joined group's output columns"),
    features: ZFeatureSelectionSchema.default("all"),
  })
  .strict()
  .meta({ id: "FeatureViewJoin" });

const ZScalarSchema = z.union([z.string().max(1000), z.number(), z.boolean()]);
export const COMPARISON_OPS = ["=", "!=", "<", "<=", ">", ">="] as const;

export type TFilter =
  | { and: TFilter[] }
  | { or: TFilter[] }
  | { feature: string; op: (typeof COMPARISON_OPS)[number]; value: string | number | boolean }
  | { feature: string; op: "in" | "not_in"; values: (string | number | boolean)[] }
  | { feature: string; op: "is_null" | "is_not_null" };

/** A JSON tree of comparisons on the view's output features, combined with and/or. */
const ZFilterSchema: z.ZodType<TFilter> = z
  .union([
    z
      .object({
        get and() {
          return z.array(ZFilterSchema).min(1).max(100);
        },
      })
      .strict(),
    z
      .object({
        get or() {
          return z.array(ZFilterSchema).min(1).max(100);
        },
      })
      .strict(),
    z.object({ feature: z.string().max(100), op: z.enum(COMPARISON_OPS), value: ZScalarSchema }).strict(),
    z
      .object({
        feature: z.string().max(100),
        op: z.enum(["in", "not_in"]),
        values: z.array(ZScalarSchema).min(1).max(1000),
      })
      .strict(),
    z.object({ feature: z.string().max(100), op: z.enum(["is_null", "is_not_null"]) }).strict(),
  ])
  .meta({ id: "FeatureViewFilter" });

export const TRANSFORMATION_TYPES = [
  "min_max_scaler",
  "standard_scaler",
  "robust_scaler",
  "label_encoder",
  "one_hot_encoder",
] as const;
const ZTransformationTypeSchema = z.enum(TRANSFORMATION_TYPES);
export type TTransformationType = z.infer<typeof ZTransformationTypeSchema>;
/** These need a numeric feature; the encoders take any type. */
export const NUMERIC_TRANSFORMATIONS: readonly TTransformationType[] = [
  "min_max_scaler",
  "standard_scaler",
  "robust_scaler",
];

const ZTransformationSpecSchema = z
  .object({ feature: z.string().max(100).describe("An output feature of the view"), type: ZTransformationTypeSchema })
  .strict()
  .meta({ id: "FeatureViewTransformation" });

const REQUEST_PARAMETER_TYPES = ["double", "bigint", "string", "boolean", "timestamp"] as const;
const ZRequestParameterSchema = z
  .object({ name: ZNameSchema, type: z.enum(REQUEST_PARAMETER_TYPES) })
  .strict()
  .meta({ id: "RequestParameter" });

const ZOnDemandFeatureSpecSchema = z
  .object({
    name: ZNameSchema,
    expression: z
      .string()
      .min(1)
      .max(MAX_EXPRESSION_LENGTH)
      .describe("Expression language: docs/feature-views.md, e.g. `amount / credit_limit`, `hour_of_day(request.now)`"),
    description: z.string().max(2000).default(""),
  })
  .strict()
  .meta({ id: "OnDemandFeature" });

export const ZCreateFeatureViewSchema = z
  .object({
    name: ZNameSchema,
    version: z.number().int().min(1).max(100_000).optional().describe("Omit for the next version"),
    description: z.string().max(5000).default(""),
    root: z
      .object({
        featureGroup: ZFeatureGroupRefSchema,
        alias: ZNameSchema.optional(),
        features: ZFeatureSelectionSchema.default("all"),
      })
      .strict()
      .describe("The label/fact side: one output row per row of it (or of the spine)"),
    joins: z.array(ZJoinSpecSchema).max(MAX_JOINS).default([]),
    labels: z.array(ZNameSchema).max(20).default([]).describe("Columns of the root group that are labels"),
    filter: ZFilterSchema.nullable().optional(),
    transformations: z.array(ZTransformationSpecSchema).max(1000).default([]),
    requestParameters: z
      .array(ZRequestParameterSchema)
      .max(100)
      .default([])
      .describe("Values an online request passes; in training they come from spine/root columns of the same name"),
    onDemandFeatures: z.array(ZOnDemandFeatureSpecSchema).max(100).default([]),
    trainingHelperColumns: z
      .array(z.string().max(100))
      .max(100)
      .default([])
      .describe("Output features kept in training data only"),
    inferenceHelperColumns: z
      .array(z.string().max(100))
      .max(100)
      .default([])
      .describe("Output features kept in batch/online data only"),
  })
  .strict()
  .meta({ id: "CreateFeatureView" });
export type TCreateFeatureView = z.input<typeof ZCreateFeatureViewSchema>;
export type TCreateFeatureViewParsed = z.infer<typeof ZCreateFeatureViewSchema>;

const ZFeatureViewFeatureSchema = z
  .object({
    name: z.string().describe("Output column name"),
    type: ZFeatureTypeSchema,
    sourceFeature: z.string().nullable().describe("Column of the source group (null for on-demand features)"),
    featureGroup: z.object({ id: z.string(), name: z.string(), version: z.number().int() }).nullable(),
    joinAlias: z.string().nullable().describe("Alias of the root or join it comes from"),
    isLabel: z.boolean(),
    isServingKey: z.boolean(),
    transformation: ZTransformationTypeSchema.nullable(),
    onDemandExpression: z.string().nullable(),
    trainingOnly: z.boolean(),
    inferenceOnly: z.boolean(),
  })
  .meta({ id: "FeatureViewFeature" });

const ZServingKeySchema = z
  .object({
    name: z.string(),
    type: ZFeatureTypeSchema,
    featureGroup: z.object({ name: z.string(), version: z.number().int() }),
    joinAlias: z.string(),
  })
  .meta({ id: "ServingKey" });

const ZFeatureViewJoinSchema = z
  .object({
    alias: z.string(),
    featureGroup: z.object({ id: z.string(), name: z.string(), version: z.number().int() }),
    left: z.string(),
    leftOn: z.array(z.string()),
    rightOn: z.array(z.string()),
    prefix: z.string(),
  })
  .meta({ id: "FeatureViewJoinResolved" });

const ZTrainingDatasetSummarySchema = z
  .object({ id: z.string(), name: z.string(), version: z.number().int(), status: z.string(), createdAt: z.string() })
  .meta({ id: "TrainingDatasetSummary" });

export const ZFeatureViewSchema = z
  .object({
    ...VERSIONED_OBJECT_FIELDS,
    root: z.object({
      alias: z.string(),
      featureGroup: z.object({ id: z.string(), name: z.string(), version: z.number().int() }),
      eventTime: z.string().nullable(),
    }),
    joins: z.array(ZFeatureViewJoinSchema),
    features: z.array(ZFeatureViewFeatureSchema),
    servingKeys: z.array(ZServingKeySchema),
    labels: z.array(z.string()),
    filter: z.unknown().nullable(),
    transformations: z.array(z.object({ feature: z.string(), type: ZTransformationTypeSchema })),
    requestParameters: z.array(z.object({ name: z.string(), type: z.string() })),
    onDemandFeatures: z.array(
      z.object({ name: z.string(), expression: z.string(), description: z.string(), type: z.string() }),
    ),
    trainingDatasets: z.array(ZTrainingDatasetSummarySchema),
    sharedFrom: ZSharedFromSchema,
    ...CREATED_FIELDS,
  })
  .meta({ id: "FeatureView" });
export type TFeatureView = z.infer<typeof ZFeatureViewSchema>;

export const ZFeatureViewListSchema = versionedListSchema("featureViews", ZFeatureViewSchema, "FeatureViewList");

export const ZFeatureViewListQuerySchema = z.object({ q: z.string().max(200).optional() });
