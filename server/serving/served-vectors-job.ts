import "server-only";
import { defineJobRunner, PermanentJobError } from "../jobs/define";
import { servedVectorsJobContract } from "../jobs/contracts";
import { drainServedVectors, ServedVectorsInputError } from "./run-served-vectors";

/**
 * Moves the vectors the feature server sampled for a view into the view's served-vector table, in batches.
 * Idempotent (each batch's commit carries a Delta txn; a re-run skips what was written). The result holds counts
 * only: it is readable with jobs:read.
 */
export const servedVectorsJobRunner = defineJobRunner({
  contract: servedVectorsJobContract,
  run: async ({ job, payload, progress, log, signal }) => {
    try {
      progress({ fraction: 0.05, message: "moving served vectors" });
      const result = await drainServedVectors({
        projectId: job.projectId,
        featureViewId: payload.featureViewId,
        signal,
        onBatch: (written) => progress({ fraction: 0.5, rowsProcessed: written, message: "moving served vectors" }),
      });
      await log("info", `logged ${result.written} served vectors in ${result.batches} batches`);
      progress({ fraction: 1, rowsProcessed: result.written });
      return result;
    } catch (error) {
      if (error instanceof ServedVectorsInputError) throw new PermanentJobError(error.message, { cause: error });
      throw error;
    }
  },
});
