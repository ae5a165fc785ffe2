import "server-only";
import { db } from "../db/client";
import { defineJobRunner, PermanentJobError, runDomainStep } from "../jobs/define";
import { trainingDatasetJobContract } from "../jobs/contracts";
import { OperationAbortedError } from "../offline";
import { SpineError } from "./materialize";
import { runTrainingDataset, TrainingDatasetGoneError } from "./run-training";

/**
 * Materializes one training dataset. Idempotent: files are written to a temp directory and renamed into
 * place, and a dataset already READY is not rewritten; the pinned source versions make a retry produce the
 * same rows. A failure or cancellation leaves no files and marks the dataset FAILED/CANCELLED.
 */
export const trainingDatasetJobRunner = defineJobRunner({
  contract: trainingDatasetJobContract,
  run: async (context) => {
    const { job, payload, log, signal, attempt } = context;
    const setStatus = (status: string) =>
      db.trainingDataset.updateMany({
        where: { id: payload.trainingDatasetId, projectId: job.projectId, status: { not: "READY" } },
        data: { status },
      });
    try {
      await log("info", `building training dataset ${payload.trainingDatasetId}`);
      return await runDomainStep(context, {
        work: (step) =>
          runTrainingDataset({ projectId: job.projectId, trainingDatasetId: payload.trainingDatasetId, ...step }),
        summary: (result) =>
          result.alreadyDone
            ? "already written by an earlier attempt"
            : `wrote ${result.rowCount} rows: ${result.splits.map((s) => `${s.name} ${s.rowCount}`).join(", ")}`,
        rowsProcessed: (result) => result.rowCount,
      });
    } catch (error) {
      if (error instanceof OperationAbortedError || signal.aborted) {
        await setStatus("CANCELLED");
        throw error;
      }
      if (error instanceof SpineError || error instanceof TrainingDatasetGoneError) {
        await log("error", error.message);
        await setStatus("FAILED");
        throw new PermanentJobError(error.message, { cause: error });
      }
      if (attempt >= job.maxAttempts) await setStatus("FAILED");
      else await setStatus("PENDING");
      throw error;
    }
  },
});
