import "server-only";
import { defineJobRunner, PermanentJobError, runDomainStep } from "../jobs/define";
import { sourceIngestJobContract } from "../jobs/contracts";
import { OfflineStoreInputError, OperationAbortedError } from "../offline";
import { IngestValidationError } from "../ingest/run-ingest";
import { discardUploadFile } from "../ingest/uploads";
import { SourceConnectionError } from "./postgres";
import { runSourceIngest } from "./run-source-ingest";

/**
 * Reads a feature group's data source into it as one commit. A source that cannot be read (wrong password,
 * unreachable host, a dropped table) fails the job at once, naming the cause and never the secret; nothing is
 * written and the watermark stays where it was.
 */
export const sourceIngestJobRunner = defineJobRunner({
  contract: sourceIngestJobContract,
  run: async (context) => {
    const { job, payload, log } = context;
    try {
      return await runDomainStep(context, {
        work: (step) =>
          runSourceIngest({
            jobId: job.id,
            projectId: job.projectId,
            featureGroupId: payload.featureGroupId,
            userId: job.createdById,
            ...step,
          }),
        summary: (result) =>
          result.commit
            ? `commit ${result.commit.version}: ${result.commit.rowsInserted} inserted, ${result.commit.rowsUpdated} updated${result.watermark ? `; watermark now ${result.watermark}` : ""}`
            : `no new rows after ${result.watermark}`,
        rowsProcessed: (result) => (result.commit ? result.commit.rowsInserted + result.commit.rowsUpdated : 0),
      });
    } catch (error) {
      if (error instanceof OperationAbortedError) throw error;
      if (error instanceof SourceConnectionError) {
        const message = `could not read the data source: ${error.message}`;
        await log("error", message);
        throw new PermanentJobError(message, { cause: error });
      }
      if (error instanceof IngestValidationError || error instanceof OfflineStoreInputError) {
        await log("error", error.message);
        throw new PermanentJobError(error.message, { cause: error });
      }
      throw error;
    }
  },
  afterDone: async ({ job, result }) => {
    if (result?.uploadId) await discardUploadFile({ projectId: job.projectId, uploadId: result.uploadId });
  },
});
