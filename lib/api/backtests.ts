import { z } from "zod";
import { HIDDEN_VALUE } from "../feature-values";
import { ZNameSchema } from "../names";
import { MONITOR_METRICS, ZRunHistogramSchema } from "./monitoring";
import { ZStatisticsDocumentSchema } from "./statistics";
import { ZRuleResultSchema } from "./validation";

// Backtests (docs/backtesting.md): a new version of a feature group or feature view and the version it is to replace,
// computed over the same historical window (a time range, or a spine) and compared — statistics per feature, the
// expectation suite's results, drift of new against old, rows and keys present in one and not the other, and how
// long each took — as one report kept with the new version. Values (metric values, histograms, statistics that
// reveal values, key samples, failing rows) read HIDDEN_VALUE without featureData:read (lib/backtest-values.ts).

const ZInstantSchema = z.iso.datetime({ offset: true });
const ZVersionSchema = z.number().int().min(1).max(2_147_483_647);

/** Thresholds a drift metric is judged by unless the request says otherwise; null: reported, never "crossed". */
export const DEFAULT_BACKTEST_THRESHOLDS: Record<(typeof MONITOR_METRICS)[number], number | null> = {
  psi: 0.2,
  ks: 0.1,
  wasserstein: null,
  jensenShannon: 0.1,
  meanShift: 0.1,
  stdShift: 0.1,
  nullRatioChange: 0.05,
  chiSquare: null,
};

const ZBacktestTargetSchema = z.union([
  z.object({ featureGroup: z.object({ name: ZNameSchema, version: ZVersionSchema }).strict() }).strict(),
  z.object({ featureView: z.object({ name: ZNameSchema, version: ZVersionSchema }).strict() }).strict(),
]);

const ZBacktestWindowSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("timeRange"),
      start: ZInstantSchema.describe("Event time, inclusive"),
      end: ZInstantSchema.describe("Event time, exclusive"),
    })
    .strict()
    .refine((window) => Date.parse(window.start) < Date.parse(window.end), {
      path: ["end"],
      message: "must be after start",
    })
    .describe("A feature group's rows with event time in [start, end); a feature view's batch data for the root rows"),
  z
    .object({
      kind: z.literal("spine"),
      featureGroup: z.object({ name: ZNameSchema, version: ZVersionSchema }).strict(),
      eventTime: ZNameSchema.optional().describe("The spine's event-time column (default: the group's event time)"),
    })
    .strict()
    .describe(
      "The rows of a feature group (its latest commit) as label rows: each version's row as of each spine row's time",
    ),
]);

export const ZCreateBacktestSchema = z
  .object({
    target: ZBacktestTargetSchema.describe("The new version, the report is kept with it"),
    baseline: z
      .object({
        name: ZNameSchema.optional().describe("Default: the target's name; another name is refused"),
        version: ZVersionSchema.describe("The version in production the new one is to replace"),
      })
      .strict(),
    window: ZBacktestWindowSchema,
    thresholds: z
      .partialRecord(z.enum(MONITOR_METRICS), z.number().min(0))
      .optional()
      .describe("Drift thresholds by metric (defaults: DEFAULT_BACKTEST_THRESHOLDS)"),
  })
  .strict();
export type TCreateBacktest = z.input<typeof ZCreateBacktestSchema>;

export const ZBacktestQuerySchema = z
  .object({
    featureGroup: z.string().max(63).optional(),
    featureView: z.string().max(63).optional(),
    version: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict();

const hidden = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal(HIDDEN_VALUE)]);
const ZOutcomeSchema = z.enum(["PASSED", "WARNINGS", "FAILED"]);

const ZBacktestSideSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  rows: z.number().int(),
  /** Distinct keys among the rows (null when the rows carry no key columns). */
  keys: z.number().int().nullable(),
  /** Wall time to compute the version's rows over the window (the read or point-in-time join), in seconds. */
  seconds: z.number(),
  /** A feature group's commit that was read; null for a feature view (its sources' latest commits). */
  commit: z.number().int().nullable(),
  statistics: ZStatisticsDocumentSchema,
  /** The version's own expectation suite over the window's rows; null without a suite (or for a view). */
  validation: z
    .object({
      outcome: ZOutcomeSchema,
      rowCount: z.number().int(),
      results: z.array(ZRuleResultSchema),
    })
    .nullable(),
});

const ZBacktestFeatureSchema = z.object({
  name: z.string(),
  /** compared: in both with one kind; otherwise why it has no drift metrics. */
  status: z.enum(["compared", "onlyInBaseline", "onlyInCandidate", "kindChanged", "notComparable"]),
  baselineType: z.string().nullable(),
  candidateType: z.string().nullable(),
  drift: z
    .object({
      kind: z.enum(["numeric", "categorical"]),
      baseline: z.object({ rows: z.number().int(), nulls: z.number().int() }),
      candidate: z.object({ rows: z.number().int(), nulls: z.number().int() }),
      metrics: z.array(
        z.object({
          metric: z.enum(MONITOR_METRICS),
          threshold: z.number().nullable(),
          value: hidden(z.number().nullable()),
          breached: z.boolean(),
        }),
      ),
      /** The baseline's bins (`reference`) and the new version's counts over them (`detection`). */
      histogram: hidden(ZRunHistogramSchema).nullable(),
    })
    .nullable(),
});
export type TBacktestFeature = z.output<typeof ZBacktestFeatureSchema>;

const ZDiffCountsSchema = z.object({
  onlyInBaseline: z.number().int(),
  onlyInCandidate: z.number().int(),
  inBoth: z.number().int(),
});

const ZBacktestReportSchema = z.object({
  /** The columns a row's key is made of (primary key, serving keys or the spine's keys). */
  keyColumns: z.array(z.string()),
  baseline: ZBacktestSideSchema,
  candidate: ZBacktestSideSchema,
  /** Rows by key and event time (a row counted as often as it occurs). */
  rows: ZDiffCountsSchema,
  /** Distinct keys; null when a version's rows carry no key columns. */
  keys: ZDiffCountsSchema.extend({
    /** Up to KEY_SAMPLES keys of each side that the other lacks; empty and samplesHidden without featureData:read. */
    samples: z.object({
      onlyInBaseline: z.array(z.record(z.string(), z.string().nullable())),
      onlyInCandidate: z.array(z.record(z.string(), z.string().nullable())),
    }),
    samplesHidden: z.boolean(),
  }).nullable(),
  features: z.array(ZBacktestFeatureSchema),
  /** Drift thresholds crossed, over every compared feature. */
  breaches: z.number().int(),
});
export type TBacktestReport = z.output<typeof ZBacktestReportSchema>;

const ZVersionRefSchema = z.object({ name: z.string(), version: z.number().int() });

const ZBacktestSummarySchema = z.object({
  id: z.string(),
  jobId: z.string().nullable(),
  target: z.object({ kind: z.enum(["featureGroup", "featureView"]), name: z.string(), version: z.number().int() }),
  baseline: ZVersionRefSchema,
  window: z.union([
    z.object({ kind: z.literal("timeRange"), start: z.string(), end: z.string() }),
    z.object({ kind: z.literal("spine"), featureGroup: ZVersionRefSchema, eventTime: z.string() }),
  ]),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  rows: z.object({ baseline: z.number().int(), candidate: z.number().int() }),
  keysOnlyInBaseline: z.number().int().nullable(),
  keysOnlyInCandidate: z.number().int().nullable(),
  breaches: z.number().int(),
  validation: z.object({ baseline: ZOutcomeSchema.nullable(), candidate: ZOutcomeSchema.nullable() }),
});
export type TBacktestSummary = z.output<typeof ZBacktestSummarySchema>;
export const ZBacktestListSchema = z.object({ backtests: z.array(ZBacktestSummarySchema) });

export const ZBacktestSchema = ZBacktestSummarySchema.extend({ report: ZBacktestReportSchema });
export type TBacktest = z.output<typeof ZBacktestSchema>;
