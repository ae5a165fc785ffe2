import { z } from "zod";
import { HIDDEN_VALUE } from "../feature-values";

// Descriptive statistics of a feature group's commit or a training dataset's split (docs/statistics.md): the
// per-group configuration, the stored document and the API's responses. Value-revealing fields read
// HIDDEN_VALUE for callers without featureData:read (lib/statistics-values.ts decides).

/** The percentiles every numeric feature gets, in percent. */
export const STATISTICS_PERCENTILES = [1, 5, 25, 50, 75, 95, 99] as const;
/** Equal-width bins of a numeric histogram unless the group's configuration says otherwise. */
const DEFAULT_HISTOGRAM_BINS = 20;
/** Most frequent values kept for strings and booleans; the rest is counted as "other". */
export const TOP_VALUES = 20;
const MAX_HISTOGRAM_BINS = 200;

export const ZStatisticsConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Compute statistics after every commit"),
    columns: z
      .array(z.string().min(1).max(200))
      .max(1000)
      .nullable()
      .default(null)
      .describe("Features to describe (null: every feature)"),
    histograms: z.boolean().default(true).describe("Histograms and top values"),
    bins: z.number().int().min(2).max(MAX_HISTOGRAM_BINS).default(DEFAULT_HISTOGRAM_BINS),
    correlations: z.boolean().default(true).describe("Pearson correlations between numeric features"),
    exactDistinct: z.boolean().default(false).describe("Exact distinct counts (else HyperLogLog estimates)"),
  })
  .strict();
export type TStatisticsConfig = z.output<typeof ZStatisticsConfigSchema>;
export const DEFAULT_STATISTICS_CONFIG: TStatisticsConfig = ZStatisticsConfigSchema.parse({});

const hidden = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal(HIDDEN_VALUE)]);

const ZHistogramSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("bins"),
    /** bins + 1 edges: bin i is [edges[i], edges[i+1]), the last bin closed on the right. */
    edges: z.array(z.number()),
    counts: z.array(z.number()),
  }),
  z.object({
    kind: z.literal("top"),
    values: z.array(z.object({ value: z.string(), count: z.number() })),
    /** Non-null values outside the top values. */
    other: z.number(),
  }),
]);
export type THistogram = z.infer<typeof ZHistogramSchema>;

const ZValueSchema = z.union([z.number(), z.string()]).nullable();

const ZFeatureStatisticsSchema = z.object({
  name: z.string(),
  type: z.string(),
  // Counts: visible to every reader.
  count: z.number().describe("Non-null values"),
  nulls: z.number(),
  completeness: z.number().nullable().describe("count / rows (null for no rows)"),
  distinct: z.number(),
  distinctExact: z.boolean(),
  uniqueness: z.number().nullable().describe("distinct / count"),
  // Values: featureData:read only.
  min: hidden(ZValueSchema).optional(),
  max: hidden(ZValueSchema).optional(),
  mean: hidden(z.number().nullable()).optional(),
  std: hidden(z.number().nullable()).optional(),
  sum: hidden(z.number().nullable()).optional(),
  percentiles: hidden(z.array(z.object({ percent: z.number(), value: z.number().nullable() }))).optional(),
  percentilesExact: z.boolean().optional(),
  histogram: hidden(ZHistogramSchema).optional(),
  stringLength: hidden(
    z.object({ min: z.number().nullable(), max: z.number().nullable(), mean: z.number().nullable() }),
  ).optional(),
});
export type TFeatureStatistics = z.infer<typeof ZFeatureStatisticsSchema>;

const ZCorrelationsSchema = z.object({
  features: z.array(z.string()),
  /** Pearson's r for each pair (symmetric, 1 on the diagonal; null where undefined, e.g. a constant feature). */
  matrix: z.array(z.array(z.number().nullable())),
});

export const ZStatisticsDocumentSchema = z.object({
  rowCount: z.number(),
  features: z.array(ZFeatureStatisticsSchema),
  correlations: hidden(ZCorrelationsSchema).nullable(),
  settings: z.object({ bins: z.number(), exactDistinct: z.boolean(), exactQuantileMaxRows: z.number() }),
});
export type TStatisticsDocument = z.infer<typeof ZStatisticsDocumentSchema>;

const ZWindowSchema = z.object({ start: z.string(), end: z.string() });

export const ZStatisticsSchema = z.object({
  id: z.string(),
  /** The commit (Delta version) described; null for a training dataset split. */
  commit: z.number().nullable(),
  window: ZWindowSchema.nullable(),
  split: z.string().nullable(),
  computedAt: z.string(),
  jobId: z.string().nullable(),
  statistics: ZStatisticsDocumentSchema,
});
export type TStatistics = z.infer<typeof ZStatisticsSchema>;

/** One point per computed commit of the history line: a feature's mean and null ratio across commits. */
export const ZStatisticsHistorySchema = z.object({
  points: z.array(
    z.object({
      commit: z.number(),
      computedAt: z.string(),
      rowCount: z.number(),
      features: z.array(
        z.object({ name: z.string(), nullRatio: z.number().nullable(), mean: hidden(z.number().nullable()) }),
      ),
    }),
  ),
});
export type TStatisticsHistory = z.infer<typeof ZStatisticsHistorySchema>;

const ZInstantSchema = z.iso.datetime({ offset: true });

export const ZStatisticsQuerySchema = z
  .object({
    commit: z.coerce.number().int().min(0).max(2_147_483_647).optional().describe("A commit (default: the latest)"),
    start: ZInstantSchema.optional().describe("With end: the statistics of an event-time window [start, end)"),
    end: ZInstantSchema.optional(),
  })
  .refine((value) => (value.start === undefined) === (value.end === undefined), {
    path: ["end"],
    message: "start and end go together",
  });

export const ZComputeStatisticsSchema = z
  .object({
    commit: z.number().int().min(0).max(2_147_483_647).optional().describe("A commit (default: the latest)"),
    window: z
      .object({ start: ZInstantSchema, end: ZInstantSchema })
      .strict()
      .refine((value) => Date.parse(value.start) < Date.parse(value.end), {
        path: ["end"],
        message: "must be after start",
      })
      .optional()
      .describe("An event-time window [start, end) of the commit's rows"),
  })
  .strict();
export type TComputeStatistics = z.infer<typeof ZComputeStatisticsSchema>;

export const ZTrainingDatasetStatisticsSchema = z.object({ splits: z.array(ZStatisticsSchema) });

/** A stored configuration (null: the defaults) as the job reads it; a malformed one falls back to the defaults. */
export const statisticsConfigOf = (stored: unknown): TStatisticsConfig => {
  const parsed = ZStatisticsConfigSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_STATISTICS_CONFIG;
};

export const isStatisticsEnabled = (stored: unknown): boolean => statisticsConfigOf(stored).enabled;
