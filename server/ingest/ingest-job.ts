import "server-only";
import { defineJobRunner, PermanentJobError } from "../jobs/define";
import { ingestJobContract } from "../jobs/contracts";
import { OfflineStoreInputError, OperationAbortedError } from "../offline";
import { IngestValidationError, runIngest } from "./run-ingest";

/**
 * Loads one staged upload into a feature group as one Delta commit. Idempotent: the commit carries the
 * Delta `txn` action with appId = this job's id, so an attempt after a crash never writes it twice.
 */
export const ingestJobRunner = defineJobRunner({
  contract: ingestJobContract,
  run: async ({ job, payload, progress, log, signal }) => {
    await log("info", `${payload.mode === "delete" ? "deleting rows by key" : "ingesting"} upload ${payload.uploadId}`);
    try {
      const result = await runIngest({
        jobId: job.id,
        projectId: job.projectId,
        featureGroupId: payload.featureGroupId,
        uploadId: payload.uploadId,
        mode: payload.mode,
        userId: job.createdById,
        signal,
        progress: (fraction, message, rowsProcessed) => progress({ fraction, message, rowsProcessed }),
      });
      await log(
        "info",
        result.alreadyCommitted
          ? `commit ${result.version} was already written by an earlier attempt; recorded it`
          : `commit ${result.version}: ${result.rowsInserted} inserted, ${result.rowsUpdated} updated, ${result.rowsDeleted} deleted (${result.rowsRewritten} rows rewritten); the group now has ${result.rowCount} rows`,
      );
      progress({ fraction: 1, rowsProcessed: result.rowsInserted + result.rowsUpdated + result.rowsDeleted });
      return result;
    } catch (error) {
      if (error instanceof OperationAbortedError) throw error;
      if (error instanceof IngestValidationError || error instanceof OfflineStoreInputError) {
        await log("error", error.message);
        throw new PermanentJobError(error.message, { cause: error });
      }
      throw error;
    }
  },
});
