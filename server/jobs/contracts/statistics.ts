import "server-only";
import { z } from "zod";
import { defineJobContract } from "../define";

// Statistics (runner: server/stats/statistics-job.ts). Enqueued after every data commit of a feature group
// (server/registry/commit-statistics.ts, through server/jobs/enqueue-statistics.ts), at the end of a training dataset's job (one job for all its splits), and on demand
// for any commit or an event-time window (docs/statistics.md).

const ZStatisticsPayloadSchema = z.union([
  z
    .object({
      featureGroupId: z.string().min(1),
      /** The commit (Delta version) to describe: its snapshot, every row visible as of it. */
      commit: z.number().int().min(0),
      window: z.object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) }).optional(),
    })
    .strict(),
  z.object({ trainingDatasetId: z.string().min(1) }).strict(),
]);

/** Computes and stores the statistics of a commit, a window of it, or a training dataset's splits. */
export const statisticsJobContract = defineJobContract({
  type: "statistics",
  payloadSchema: ZStatisticsPayloadSchema,
  // Writes the registry's statistics of a group: a change to its metadata, not to its values.
  scope: "featureGroups:write",
  // One DuckDB instance (1 GB limit) per job: two at once stay inside the worker's memory budget.
  concurrency: 2,
});
