import { z } from "zod";
import { ZFeatureTypeSchema } from "./feature-groups";

// Serving observability and served-vector logging of a feature view (docs/serving-observability.md).

const ZInstantSchema = z.iso.datetime({ offset: true });
/** The longest window one request may chart. */
const SERVING_METRICS_MAX_WINDOW_HOURS = 24 * 7;

export const ZServingMetricsQuerySchema = z
  .object({
    from: ZInstantSchema.optional().describe("Start of the window (default: one hour before `to`)"),
    to: ZInstantSchema.optional().describe("End of the window (default: now)"),
  })
  .refine((value) => !value.from || !value.to || Date.parse(value.from) < Date.parse(value.to), {
    path: ["to"],
    message: "must be after from",
  })
  .refine(
    (value) =>
      !value.from ||
      !value.to ||
      Date.parse(value.to) - Date.parse(value.from) <= SERVING_METRICS_MAX_WINDOW_HOURS * 3600_000,
    { path: ["from"], message: `the window may span at most ${SERVING_METRICS_MAX_WINDOW_HOURS} hours` },
  );

const ZLatencySchema = {
  p50Ms: z.number().nullable().describe("Median latency in ms (histogram estimate, within 25 %)"),
  p99Ms: z.number().nullable().describe("99th percentile latency in ms (histogram estimate, within 25 %)"),
};

const ZServingCountsSchema = z.object({
  requests: z.number().int(),
  vectors: z.number().int().describe("Vectors answered (a batch request answers many)"),
  errors: z.number().int().describe("Requests answered with a 5xx (online store or registry unavailable)"),
  clientErrors: z.number().int().describe("Requests refused with a 4xx after the view was found (bad keys, …)"),
  ...ZLatencySchema,
});

export const ZServingMetricsSchema = z
  .object({
    from: ZInstantSchema,
    to: ZInstantSchema,
    retentionHours: z.number().int().describe("Minutes older than this are deleted"),
    totals: ZServingCountsSchema,
    minutes: z.array(ZServingCountsSchema.extend({ minute: ZInstantSchema })).describe("Minutes with traffic"),
    groups: z
      .array(
        z.object({
          name: z.string(),
          version: z.number().int(),
          missing: z.number().int().describe("Vectors whose row of this group was not found"),
          expired: z.number().int().describe("Vectors whose row of this group was older than its TTL"),
          points: z.array(
            z.object({
              minute: ZInstantSchema,
              missingRate: z.number().nullable(),
              expiredRate: z.number().nullable(),
            }),
          ),
        }),
      )
      .describe("Per feature group of the view: the share of vectors it left MISSING, per minute"),
  })
  .meta({ id: "ServingMetrics" });
export type TServingMetrics = z.infer<typeof ZServingMetricsSchema>;

export const ZServedVectorLoggingSchema = z
  .object({
    rate: z
      .number()
      .min(0)
      .max(1)
      .describe("Share of served vectors the feature server logs: 0 = off, 0.01 = one in a hundred, 1 = all"),
  })
  .strict()
  .meta({ id: "ServedVectorLogging" });

export const ZServedVectorsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe("Most recent logged vectors to return"),
});

export const ZServedVectorsSchema = z
  .object({
    rate: z.number(),
    loggedRows: z.number().int().describe("Vectors in the view's served-vector table"),
    pendingRows: z.number().int().describe("Vectors sampled but not moved to the table yet"),
    columns: z.array(z.object({ name: z.string(), type: ZFeatureTypeSchema })),
    rows: z
      .array(z.record(z.string(), z.unknown()))
      .nullable()
      .describe("The most recent logged vectors, newest first; null without featureData:read"),
  })
  .meta({ id: "ServedVectors" });
export type TServedVectors = z.infer<typeof ZServedVectorsSchema>;
