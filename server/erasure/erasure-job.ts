import "server-only";
import { defineJobRunner } from "../jobs/define";
import { erasureJobContract } from "../jobs/contracts";
import { runErasure } from "./run-erasure";

/**
 * The `erasure` job (docs/erasure.md). Idempotent and resumable: each step is recorded in the request once done, and
 * a retried attempt (after a crash, even SIGKILL) starts at the first step not recorded. Cancellable only until it
 * starts deleting.
 */
export const erasureJobRunner = defineJobRunner({
  contract: erasureJobContract,
  run: async ({ job, payload, progress, log, signal, refuseCancellation }) =>
    runErasure({
      projectId: job.projectId,
      requestId: payload.erasureRequestId,
      jobId: job.id,
      userId: job.createdById,
      progress,
      log,
      signal,
      refuseCancellation,
    }),
});
