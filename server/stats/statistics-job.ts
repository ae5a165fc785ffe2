import "server-only";
import { defineJobRunner, PermanentJobError } from "../jobs/define";
import { statisticsJobContract } from "../jobs/contracts";
import { runCommitStatistics, runTrainingDatasetStatistics, StatisticsInputError } from "./run-statistics";

/**
 * Computes and stores statistics. Idempotent: each subject's document is upserted by its key, so a retry
 * overwrites what an interrupted attempt wrote. The result holds counts only (subjects, rows, features): it is
 * readable with jobs:read, and an Auditor may not see values.
 */
export const statisticsJobRunner = defineJobRunner({
  contract: statisticsJobContract,
  run: async ({ job, payload, progress, log }) => {
    try {
      progress({ fraction: 0.05, message: "describing" });
      const result =
        "trainingDatasetId" in payload
          ? await runTrainingDatasetStatistics({
              projectId: job.projectId,
              trainingDatasetId: payload.trainingDatasetId,
              jobId: job.id,
            })
          : await runCommitStatistics({
              projectId: job.projectId,
              featureGroupId: payload.featureGroupId,
              commit: payload.commit,
              window: payload.window,
              jobId: job.id,
            });
      await log("info", `described ${result.features} features over ${result.rowCount} rows`);
      progress({ fraction: 1, rowsProcessed: result.rowCount });
      return result;
    } catch (error) {
      if (error instanceof StatisticsInputError) throw new PermanentJobError(error.message, { cause: error });
      throw error;
    }
  },
});
