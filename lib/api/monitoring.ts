import { z } from "zod";
import { HIDDEN_VALUE } from "../feature-values";
import { ZNameSchema } from "../names";

// Drift monitors, their runs, alerts, webhooks and freshness (docs/monitoring.md). Metric values, histograms and
// fixed reference values are feature values: they read HIDDEN_VALUE without featureData:read
// (lib/monitoring-values.ts decides).

export const MONITOR_METRICS = [
  "psi",
  "ks",
  "wasserstein",
  "jensenShannon",
  "meanShift",
  "stdShift",
  "nullRatioChange",
  "chiSquare",
] as const;
export type TMonitorMetric = (typeof MONITOR_METRICS)[number];
/** Metrics that need numbers; chiSquare needs categories; psi and nullRatioChange take either. */
export const NUMERIC_ONLY_METRICS: readonly TMonitorMetric[] = [
  "ks",
  "wasserstein",
  "jensenShannon",
  "meanShift",
  "stdShift",
];
export const CATEGORICAL_ONLY_METRICS: readonly TMonitorMetric[] = ["chiSquare"];
export const METRIC_LABELS: Record<TMonitorMetric, string> = {
  psi: "PSI",
  ks: "Kolmogorov–Smirnov",
  wasserstein: "Wasserstein-1",
  jensenShannon: "Jensen–Shannon (bits)",
  meanShift: "Relative mean shift",
  stdShift: "Relative std shift",
  nullRatioChange: "Null-ratio change",
  chiSquare: "Chi-square",
};

/** "30m", "12h", "1d", "7d": a rolling window's length. */
const DURATION_PATTERN = /^([1-9][0-9]{0,4})([mhd])$/;
const UNIT_SECONDS = { m: 60, h: 3600, d: 86400 } as const;
export const durationSeconds = (duration: string): number => {
  const match = DURATION_PATTERN.exec(duration);
  if (!match) throw new Error(`Invalid duration ${duration}`);
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
};
const ZDurationSchema = z
  .string()
  .regex(DURATION_PATTERN, "a number and a unit: m (minutes), h (hours) or d (days), e.g. '1d'");

const ZInstantSchema = z.iso.datetime({ offset: true });

const ZDetectionWindowSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("rolling"),
      duration: ZDurationSchema.describe("The last … of event time, ending when the run starts"),
    })
    .strict(),
  z
    .object({
      kind: z.literal("commits"),
      count: z.number().int().min(1).max(1000).describe("The rows the last N commits wrote (feature groups only)"),
    })
    .strict(),
  z
    .object({
      kind: z.literal("servedVectors"),
      duration: ZDurationSchema.describe(
        "The vectors the feature server served (and logged) in the last …, ending when the run starts (feature views only; docs/serving-observability.md)",
      ),
    })
    .strict(),
]);
type TDetectionWindow = z.output<typeof ZDetectionWindowSchema>;

const ZReferenceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("fixedWindow"), start: ZInstantSchema, end: ZInstantSchema }).strict(),
  z.object({ kind: z.literal("previousWindow") }).strict(),
  z
    .object({
      kind: z.literal("trainingDataset"),
      name: ZNameSchema,
      version: z.number().int().min(1),
      split: z.string().min(1).max(63).default("train"),
    })
    .strict(),
  z
    .object({
      kind: z.literal("fixedValues"),
      values: z.record(
        z.string().min(1).max(200),
        z
          .array(z.union([z.number(), z.string().max(1000)]))
          .min(1)
          .max(100_000),
      ),
    })
    .strict(),
]);
type TReference = z.output<typeof ZReferenceSchema>;

const ZMetricThresholdSchema = z
  .object({
    metric: z.enum(MONITOR_METRICS),
    threshold: z.number().min(0).describe("A run whose value exceeds it raises an alert"),
  })
  .strict();

const ZMonitorFeatureSchema = z
  .object({ name: z.string().min(1).max(200), metrics: z.array(ZMetricThresholdSchema).min(1).max(8) })
  .strict();
type TMonitorFeature = z.output<typeof ZMonitorFeatureSchema>;

const ZTargetSchema = z.union([
  z.object({ featureGroup: z.object({ name: ZNameSchema, version: z.number().int().min(1) }).strict() }).strict(),
  z.object({ featureView: z.object({ name: ZNameSchema, version: z.number().int().min(1) }).strict() }).strict(),
]);

const monitorFields = {
  features: z.array(ZMonitorFeatureSchema).min(1).max(100),
  detection: ZDetectionWindowSchema,
  reference: ZReferenceSchema,
  cron: z.string().max(200).nullable().default(null).describe("5-field cron in UTC; null: only 'Run now'"),
};

export const ZCreateMonitorSchema = z.object({ name: ZNameSchema, target: ZTargetSchema, ...monitorFields }).strict();
export type TCreateMonitor = z.input<typeof ZCreateMonitorSchema>;
export const ZUpdateMonitorSchema = z.object(monitorFields).partial().strict();
export type TUpdateMonitor = z.input<typeof ZUpdateMonitorSchema>;

/** What a monitor stores as its spec. */
export type TMonitorSpec = {
  features: TMonitorFeature[];
  detection: TDetectionWindow;
  reference: TReference;
};

const ZTargetViewSchema = z.object({
  kind: z.enum(["featureGroup", "featureView"]),
  name: z.string(),
  version: z.number().int(),
});

export const ZMonitorSchema = z.object({
  id: z.string(),
  name: z.string(),
  target: ZTargetViewSchema,
  features: z.array(ZMonitorFeatureSchema),
  detection: ZDetectionWindowSchema,
  reference: z.union([ZReferenceSchema, z.object({ kind: z.literal("fixedValues"), values: z.literal(HIDDEN_VALUE) })]),
  cron: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastRun: z
    .object({ id: z.string(), computedAt: z.string(), breaches: z.number().int(), detectionRows: z.number().int() })
    .nullable(),
});
export type TMonitor = z.output<typeof ZMonitorSchema>;
export const ZMonitorListSchema = z.object({ monitors: z.array(ZMonitorSchema) });

const hidden = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal(HIDDEN_VALUE)]);

export const ZRunHistogramSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("bins"),
    /** The reference's edges; bin i is [edges[i], edges[i+1]), the last one closed; below/above are open bins. */
    edges: z.array(z.number()),
    reference: z.object({ counts: z.array(z.number()), below: z.number(), above: z.number() }),
    detection: z.object({ counts: z.array(z.number()), below: z.number(), above: z.number() }),
  }),
  z.object({
    kind: z.literal("categories"),
    values: z.array(z.string()),
    reference: z.object({ counts: z.array(z.number()), other: z.number() }),
    detection: z.object({ counts: z.array(z.number()), other: z.number() }),
  }),
]);
export type TRunHistogram = z.output<typeof ZRunHistogramSchema>;

const ZRunFeatureSchema = z.object({
  name: z.string(),
  kind: z.enum(["numeric", "categorical"]),
  detection: z.object({ rows: z.number().int(), nulls: z.number().int() }),
  reference: z.object({ rows: z.number().int(), nulls: z.number().int() }),
  metrics: z.array(
    z.object({
      metric: z.enum(MONITOR_METRICS),
      threshold: z.number(),
      /** null: not computable (a window without values, a relative change from 0). */
      value: hidden(z.number().nullable()),
      breached: z.boolean(),
    }),
  ),
  histogram: hidden(ZRunHistogramSchema).nullable(),
});
export type TRunFeature = z.output<typeof ZRunFeatureSchema>;

const ZMonitorRunSchema = z.object({
  id: z.string(),
  jobId: z.string().nullable(),
  computedAt: z.string(),
  detection: z.object({
    label: z.string(),
    start: z.string().nullable(),
    end: z.string().nullable(),
    rows: z.number(),
  }),
  reference: z.object({ label: z.string(), rows: z.number() }),
  breaches: z.number().int(),
  /** "no rows between … and …" when the detection (or reference) window selected 0 rows. */
  empty: z.string().nullable(),
  features: z.array(ZRunFeatureSchema),
});
export type TMonitorRun = z.output<typeof ZMonitorRunSchema>;
export const ZMonitorRunListSchema = z.object({ runs: z.array(ZMonitorRunSchema) });

const ALERT_SEVERITIES = ["info", "warning", "critical"] as const;
export const ZAlertSchema = z.object({
  id: z.string(),
  kind: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  subject: z.string(),
  message: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
});
export type TAlert = z.output<typeof ZAlertSchema>;
export const ZAlertListSchema = z.object({ alerts: z.array(ZAlertSchema), unacknowledged: z.number().int() });
export const ZAlertQuerySchema = z
  .object({
    subject: z
      .string()
      .max(300)
      .optional()
      .describe("Only alerts about this subject, e.g. 'featureView:fraud_model:1'"),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export const ZAcknowledgeAlertSchema = z.object({ acknowledged: z.boolean() }).strict();

export const ZCreateWebhookSchema = z.object({ url: z.url({ protocol: /^https?$/ }).max(2000) }).strict();
export const ZWebhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  createdAt: z.string(),
  /** Only in the response to its creation: the HMAC-SHA256 key the receiver verifies signatures with. */
  secret: z.string().optional(),
});
export const ZWebhookListSchema = z.object({ webhooks: z.array(ZWebhookSchema) });

export const ZFreshnessSlaSchema = z
  .object({
    slaSeconds: z
      .number()
      .int()
      .min(60)
      .max(366 * 86400)
      .nullable()
      .describe("null: no SLA"),
  })
  .strict();
export const ZFreshnessSchema = z.object({
  slaSeconds: z.number().int().nullable(),
  lastCommitAt: z.string().nullable(),
  lastCommitAgeSeconds: z.number().nullable(),
  newestOnlineEventTime: z.string().nullable(),
  onlineAgeSeconds: z.number().nullable(),
  /** ok: within the SLA; late: past it; none: no SLA set. */
  status: z.enum(["ok", "late", "none"]),
});
export type TFreshness = z.output<typeof ZFreshnessSchema>;
