import "server-only";
import { defineJobRunner, PermanentJobError, runDomainStep } from "../jobs/define";
import { ingestJobContract } from "../jobs/contracts";
import { OfflineStoreInputError, OperationAbortedError } from "../offline";
import { IngestValidationError, runIngest } from "./run-ingest";
import { discardUploadFile } from "./uploads";

/**
 * Loads one staged upload into a feature group as one Delta commit. Idempotent: the commit carries the
 * Delta `txn` action with appId = this job's id, so an attempt after a crash never writes it twice.
 */
export const ingestJobRunner = defineJobRunner({
  contract: ingestJobContract,
  run: async (context) => {
    const { job, payload, log } = context;
    await log("info", `${payload.mode === "delete" ? "deleting rows by key" : "ingesting"} upload ${payload.uploadId}`);
    try {
      const result = await runDomainStep(context, {
        work: (step) =>
          runIngest({
            jobId: job.id,
            projectId: job.projectId,
            featureGroupId: payload.featureGroupId,
            uploadId: payload.uploadId,
            mode: payload.mode,
            userId: job.createdById,
            ...step,
          }),
        summary: (result) =>
          result.alreadyCommitted
            ? `commit ${result.version} was already written by an earlier attempt; recorded it`
            : `commit ${result.version}: ${result.rowsInserted} inserted, ${result.rowsUpdated} updated, ${result.rowsDeleted} deleted (${result.rowsRewritten} rows rewritten); the group now has ${result.rowCount} rows`,
        rowsProcessed: (result) => result.rowsInserted + result.rowsUpdated + result.rowsDeleted,
      });
      if (result.online && !result.online.inSync)
        await log(
          "warn",
          `the commit is written, but the online store did not take it (${result.online.error}); the group is marked online out of sync since commit ${result.online.outOfSyncSince}${result.online.repairJobId ? ` and job ${result.online.repairJobId} repairs it` : "; the next materialization repairs it"}`,
        );
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
  // The upload is consumed only once the job is recorded SUCCEEDED: an attempt killed before that is retried,
  // and (its commit already in the log) finishes without reading the upload; a failed job keeps it for a retry.
  afterDone: async ({ job, payload }) => discardUploadFile({ projectId: job.projectId, uploadId: payload.uploadId }),
});
