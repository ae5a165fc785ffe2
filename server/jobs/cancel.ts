import "server-only";
import { db } from "../db/client";
import { ConflictError } from "../errors";
import { principalLabel } from "../principal";
import type { TJob } from "@/lib/api/jobs";
import { getBoss, queueNameFor } from "./boss";
import { findJobRow, toJobView, type TJobActionParams } from "./queries";
import { recordJobAuditEvent } from "./job-audit";

// pg-boss states in which a job has not yet been handed to a worker.
const WAITING_BOSS_STATES = new Set(["created", "retry"]);

/** Best effort: the worker would skip a cancelled job anyway, this just keeps it from being fetched. */
const cancelQueuedBossJob = async ({ type, jobId }: { type: string; jobId: string }) => {
  try {
    const boss = await getBoss();
    const queue = queueNameFor(type);
    const waiting = (await boss.findJobs(queue, { key: jobId })).filter((job) => WAITING_BOSS_STATES.has(job.state));
    if (waiting.length)
      await boss.cancel(
        queue,
        waiting.map((job) => job.id),
      );
  } catch (error) {
    console.error("[larder] could not cancel the pg-boss job of", jobId, error);
  }
};

/**
 * Requests cancellation. A QUEUED job (waiting for its first attempt or a retry) is CANCELLED at once; a
 * RUNNING job gets cancelRequestedAt, its worker aborts the job's signal within CANCEL_POLL_INTERVAL_MS and
 * marks it CANCELLED when the runner stops. Cancelling a cancelled job is a no-op.
 */
export const cancelJob = async ({ ctx, access, jobId }: TJobActionParams): Promise<TJob> => {
  const job = await findJobRow({ access, jobId });
  if (job.status === "CANCELLED" || (job.status === "RUNNING" && job.cancelRequestedAt)) return toJobView(job, access);
  if (job.status === "SUCCEEDED" || job.status === "FAILED")
    throw new ConflictError(`The job has already finished (${job.status})`);
  // Past its point of no return (an erasure that started deleting): a half-done run must finish instead.
  if (job.cancelRefusal) throw new ConflictError(job.cancelRefusal);
  const now = new Date();
  const { row, wasQueued } = await db.$transaction(async (tx) => {
    const scope = { id: job.id, projectId: access.project.id };
    // Conditional updates: the worker claims QUEUED → RUNNING only while cancelRequestedAt is null, so
    // exactly one of "cancelled while queued" and "claimed, then cancelled while running" happens.
    const queued = await tx.job.updateManyAndReturn({
      where: { ...scope, status: "QUEUED", cancelRefusal: null },
      data: { status: "CANCELLED", cancelRequestedAt: now, finishedAt: now },
    });
    const running = queued.length
      ? []
      : await tx.job.updateManyAndReturn({
          where: { ...scope, status: "RUNNING", cancelRequestedAt: null, cancelRefusal: null },
          data: { cancelRequestedAt: now },
        });
    const changed = queued[0] ?? running[0];
    if (!changed) throw new ConflictError("The job changed while it was being cancelled; reload and try again");
    await tx.jobLog.create({
      data: { jobId: job.id, level: "warn", message: `Cancellation requested by ${principalLabel(ctx.principal)}` },
    });
    await recordJobAuditEvent({ ctx, access, tx, job, action: "job.cancel", details: { status: job.status } });
    return { row: changed, wasQueued: queued.length > 0 };
  });
  if (wasQueued) await cancelQueuedBossJob({ type: job.type, jobId: job.id });
  return toJobView(row, access);
};
