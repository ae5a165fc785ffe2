import "server-only";
import os from "node:os";
import { Prisma, type Job } from "../db/generated/client";
import { db } from "../db/client";
import { TERMINAL_JOB_STATUSES } from "@/lib/api/jobs";
import { markForeignError } from "@/lib/feature-values";
import { PermanentJobError, type TJobRunner } from "./define";
import { findUnresolvedPayloadIds } from "./payload-references";
import { createJobLogger, createProgressReporter, type TCancellationWatcher } from "./run-context";

// One delivery of a job by pg-boss, from claim to final status. The Job row is the truth users see; every
// write after the claim is fenced by (attempts = this attempt, status = RUNNING), so a worker that lost its
// claim (crash-and-resume, network partition) can never overwrite the attempt that replaced it.

/** completed: done with this delivery; retry: let pg-boss deliver again after its backoff; final: fail for good. */
export type TAttemptOutcome = "completed" | "retry" | "final";

class JobCancelledError extends Error {
  constructor() {
    super("Cancellation requested");
    this.name = "JobCancelledError";
  }
}

// An error the runner did not word (DuckDB's "Conversion Error: Could not convert string 'x'…") may quote feature
// values: its text is marked as such (lib/feature-values.ts). Larder's own refusals mark their values themselves.
const describeError = (error: unknown): string =>
  error instanceof Error ? markForeignError(error.message || error.name) : markForeignError(String(error));

// Results are stored as JSON; bigint (row counts) becomes a string rather than failing the job at the end.
const toJsonColumn = (result: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull =>
  result === undefined
    ? Prisma.DbNull
    : (JSON.parse(JSON.stringify(result, (_key, value) => (typeof value === "bigint" ? value.toString() : value))) ??
      Prisma.DbNull);

const markCancelled = async (jobId: string) => {
  const now = new Date();
  await db.job.updateMany({
    where: { id: jobId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "CANCELLED", finishedAt: now },
  });
};

/** Claims the row: QUEUED (or RUNNING left behind by a lost attempt) → RUNNING with attempts + 1. */
const claim = async (jobId: string): Promise<Job | null> => {
  const [row] = await db.job.updateManyAndReturn({
    where: { id: jobId, status: { in: ["QUEUED", "RUNNING"] }, cancelRequestedAt: null },
    data: { status: "RUNNING", attempts: { increment: 1 }, startedAt: new Date(), finishedAt: null },
  });
  return row ?? null;
};

export const runJobAttempt = async ({
  jobId,
  claimSignal,
  watcher,
  runners,
}: {
  jobId: string;
  claimSignal: AbortSignal;
  watcher: TCancellationWatcher;
  /** The worker's runners by job type. */
  runners: ReadonlyMap<string, TJobRunner>;
}): Promise<TAttemptOutcome> => {
  const before = await db.job.findUnique({ where: { id: jobId } });
  // Gone (project deleted) or already final: a duplicate delivery has nothing to do.
  if (!before || TERMINAL_JOB_STATUSES.includes(before.status)) return "completed";
  const runner = runners.get(before.type);
  if (!runner) throw new Error(`No runner for job type '${before.type}' in this worker`);
  const row = await claim(jobId);
  if (!row) {
    const now = await db.job.findUnique({ where: { id: jobId } });
    if (now?.cancelRequestedAt) await markCancelled(jobId);
    return "completed";
  }

  const attempt = row.attempts;
  const fence = { id: jobId, attempts: attempt, status: "RUNNING" as const };
  const logger = createJobLogger({ jobId });
  const reporter = createProgressReporter({ jobId, attempt, log: logger.log });
  const cancel = new AbortController();
  watcher.watch(jobId, () => cancel.abort(new JobCancelledError()));
  const signal = AbortSignal.any([cancel.signal, claimSignal]);
  const startedAt = Date.now();

  if (before.status === "RUNNING")
    void logger.log("warn", `Attempt ${attempt - 1} was interrupted (its worker stopped or lost its claim)`);
  void logger.log("info", `Attempt ${attempt} of ${row.maxAttempts} started on ${os.hostname()} (pid ${process.pid})`);

  const finish = async (data: Prisma.JobUpdateManyMutationInput, level: "info" | "warn" | "error", message: string) => {
    await reporter.flush();
    const { count } = await db.job.updateMany({ where: fence, data });
    await logger.log(level, message);
    return count > 0;
  };

  try {
    const parsed = runner.contract.payloadSchema.safeParse(row.payload);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((issue) => `${["payload", ...issue.path.map(String)].join(".")}: ${issue.message}`)
        .join("; ");
      throw new PermanentJobError(`The payload does not match the '${row.type}' job's schema: ${issues}`);
    }
    // Resolved again now: what the payload names may have been deleted (or never been this project's) since.
    const unresolved = await findUnresolvedPayloadIds({ projectId: row.projectId, payload: parsed.data });
    if (unresolved.length)
      throw new PermanentJobError(unresolved.map((issue) => `${issue.path} ${issue.message}`).join("; "));
    const job = {
      id: row.id,
      projectId: row.projectId,
      type: row.type,
      featureGroupId: row.featureGroupId,
      scheduleId: row.scheduleId,
      createdById: row.createdById,
      attempt,
      maxAttempts: row.maxAttempts,
    };
    const refuseCancellation = async (reason: string) => {
      // Only while no cancellation was requested: exactly one of "cancelled" and "no longer cancellable" happens.
      const { count } = await db.job.updateMany({
        where: { ...fence, cancelRequestedAt: null },
        data: { cancelRefusal: reason },
      });
      if (count > 0) return;
      const now = await db.job.findUnique({ where: { id: jobId }, select: { cancelRequestedAt: true } });
      if (now?.cancelRequestedAt) cancel.abort(new JobCancelledError());
      throw now?.cancelRequestedAt ? new JobCancelledError() : new Error("This attempt lost its claim on the job");
    };
    const result = await runner.run({
      job,
      payload: parsed.data,
      progress: reporter.report,
      log: logger.log,
      signal,
      attempt,
      refuseCancellation,
    });
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    const done = await finish(
      { status: "SUCCEEDED", result: toJsonColumn(result), progress: 1, error: null, finishedAt: new Date() },
      "info",
      `Succeeded in ${seconds} s`,
    );
    // Only the attempt that recorded SUCCEEDED releases the inputs: until then a retry may still need them.
    if (done && runner.afterDone) {
      await runner
        .afterDone({ job, payload: parsed.data, result })
        .catch((error: unknown) =>
          logger.log("warn", `Cleaning up after the job failed (the leftover sweeper will): ${describeError(error)}`),
        );
    }
    return "completed";
  } catch (error) {
    // Cancellation wins over whatever the runner threw while unwinding from the abort.
    if (cancel.signal.aborted) {
      await finish({ status: "CANCELLED", finishedAt: new Date() }, "warn", `Cancelled during attempt ${attempt}`);
      return "completed";
    }
    if (error instanceof PermanentJobError) {
      await finish(
        { status: "FAILED", error: error.message, finishedAt: new Date() },
        "error",
        `Failed permanently: ${error.message}`,
      );
      return "final";
    }
    const reason = claimSignal.aborted
      ? `the worker gave up this attempt (${describeError(claimSignal.reason)}): ${describeError(error)}`
      : describeError(error);
    if (attempt < row.maxAttempts) {
      await finish(
        { status: "QUEUED", error: reason },
        "warn",
        `Attempt ${attempt} failed: ${reason}; will retry (${row.maxAttempts - attempt} attempt(s) left)`,
      );
      return "retry";
    }
    await finish(
      { status: "FAILED", error: reason, finishedAt: new Date() },
      "error",
      `Attempt ${attempt} failed: ${reason}; no attempts left`,
    );
    return "final";
  } finally {
    watcher.unwatch(jobId);
    await logger.settle();
  }
};
