import "server-only";
import { z } from "zod";
import { defineJobContract } from "../define";

// A backtest (runner: server/backtests/backtest-job.ts; docs/backtesting.md): a new version of a feature group or
// feature view (the candidate) and the version it is to replace (the baseline), each computed over the same window —
// an event-time range, or the rows of a spine feature group — compared, and kept as one report with the candidate.
// The ids are top-level so that the job runner resolves each within the job's project (payload-references.ts).
const ZInstantSchema = z.iso.datetime({ offset: true });

export const backtestJobContract = defineJobContract({
  type: "backtest",
  payloadSchema: z
    .object({
      featureGroupId: z.string().min(1).optional(),
      baselineFeatureGroupId: z.string().min(1).optional(),
      featureViewId: z.string().min(1).optional(),
      baselineFeatureViewId: z.string().min(1).optional(),
      start: ZInstantSchema.optional(),
      end: ZInstantSchema.optional(),
      spineFeatureGroupId: z.string().min(1).optional(),
      spineEventTime: z.string().min(1).max(200).optional(),
      thresholds: z.record(z.string(), z.number().min(0)).default({}),
    })
    .strict()
    .refine(
      (payload) =>
        (payload.featureGroupId !== undefined && payload.baselineFeatureGroupId !== undefined) !==
        (payload.featureViewId !== undefined && payload.baselineFeatureViewId !== undefined),
      { message: "a candidate and a baseline, both feature groups or both feature views" },
    )
    .refine((payload) => (payload.start !== undefined && payload.end !== undefined) !== !!payload.spineFeatureGroupId, {
      message: "a time range (start and end) or a spine",
    }),
  scope: "jobs:write",
  // Two DuckDB instances at a time at most (each version's rows, then the comparison), like statistics.
  concurrency: 2,
  // Metric values and histograms are feature values; the job's result holds counts only.
});

export type TBacktestPayload = z.input<typeof backtestJobContract.payloadSchema>;
