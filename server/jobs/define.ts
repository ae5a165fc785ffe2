import "server-only";
import type { z } from "zod";
import { JOB_TYPE_PATTERN, type TJobLogLevel } from "@/lib/api/jobs";
import type { TScope } from "@/lib/scopes";

// A job type is two halves. Its contract (type, payload schema, scope, schedulable, retry and time limits) is plain
// data in the catalog (server/jobs/contracts), below every domain: the web process validates, enqueues and schedules
// with contracts alone. Its runner (the contract plus a `run` function) lives in the domain that does the work and
// is handed to startWorker by the worker's entry (server/jobs/worker-main.ts), so only workers load runners.

/** Defaults that hold unless a contract says otherwise. */
const JOB_DEFAULTS = {
  // Attempts, counting the first: two retries ride out a database restart or a full disk being cleared.
  maxAttempts: 3,
  // First retry after 5–10 s, then doubling (pg-boss adds jitter); long enough for a restarting dependency.
  retryDelaySeconds: 5,
  // Cap on one retry's delay, so a job with many attempts still retries within the hour.
  retryDelayMaxSeconds: 600,
  // A worker refreshes its claim every heartbeatSeconds / 2; a claim unrefreshed this long is a dead worker
  // and the job is retried elsewhere. pg-boss's minimum is 10.
  heartbeatSeconds: 20,
  // Hard cap on one attempt even while heartbeats arrive (a stuck loop); 4 h covers a large training dataset.
  timeoutSeconds: 4 * 60 * 60,
  // Cap on jobs of one type per worker process, whatever --concurrency says; memory-heavy types lower it.
  concurrency: 8,
} as const;

type TJobRunInfo = {
  id: string;
  projectId: string;
  type: string;
  featureGroupId: string | null;
  scheduleId: string | null;
  createdById: string | null;
  attempt: number;
  maxAttempts: number;
};

export type TProgressUpdate = { fraction: number; rowsProcessed?: number | bigint; message?: string };

export type TJobRunContext<P> = {
  job: TJobRunInfo;
  /** The payload, parsed by the contract's schema (defaults applied). */
  payload: P;
  /** Cheap to call often: the database sees at most one write per PROGRESS_WRITE_INTERVAL_MS. */
  progress: (update: TProgressUpdate) => void;
  /** Appends a line to the job's log (JobLog), visible live in the console and the API. */
  log: (level: TJobLogLevel, message: string) => Promise<void>;
  /** Aborts when cancellation is requested, the worker shuts down past its grace period, or the claim is lost. */
  signal: AbortSignal;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /**
   * The point of no return (an erasure about to delete): from now on, in this attempt and every later one, cancelling
   * the job is refused with 409 and `reason`. Throws (and the job ends CANCELLED) when a cancellation was requested
   * first. Idempotent.
   */
  refuseCancellation: (reason: string) => Promise<void>;
};

export type TJobContract<S extends z.ZodType = z.ZodType> = {
  type: string;
  payloadSchema: S;
  maxAttempts: number;
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
  heartbeatSeconds: number;
  timeoutSeconds: number;
  concurrency: number;
  /** May a schedule enqueue this type? Off unless the job was written for unattended runs. */
  schedulable: boolean;
  /** Scope a caller needs (beyond the route's own) to enqueue or schedule this type. */
  scope: TScope;
  /** Top-level keys of the job's result that hold feature values: shown only to readers with featureData:read. */
  resultValueKeys: string[];
};

export type TDefineJobContractInput<S extends z.ZodType> = Pick<TJobContract<S>, "type" | "payloadSchema"> &
  Partial<Omit<TJobContract<S>, "type" | "payloadSchema">>;

/** Declares a job type's contract, filling in JOB_DEFAULTS. Pure: the catalog lists it (contracts/index.ts). */
export const defineJobContract = <S extends z.ZodType>(input: TDefineJobContractInput<S>): TJobContract<S> => {
  if (!JOB_TYPE_PATTERN.test(input.type)) throw new Error(`Job type '${input.type}' must match ${JOB_TYPE_PATTERN}`);
  const contract: TJobContract<S> = {
    maxAttempts: JOB_DEFAULTS.maxAttempts,
    retryDelaySeconds: JOB_DEFAULTS.retryDelaySeconds,
    retryDelayMaxSeconds: JOB_DEFAULTS.retryDelayMaxSeconds,
    heartbeatSeconds: JOB_DEFAULTS.heartbeatSeconds,
    timeoutSeconds: JOB_DEFAULTS.timeoutSeconds,
    concurrency: JOB_DEFAULTS.concurrency,
    schedulable: false,
    scope: "jobs:write",
    resultValueKeys: [],
    ...input,
  };
  if (!Number.isInteger(contract.maxAttempts) || contract.maxAttempts < 1)
    throw new Error(`${input.type}: maxAttempts must be an integer ≥ 1`);
  if (contract.heartbeatSeconds < 10)
    throw new Error(`${input.type}: heartbeatSeconds must be ≥ 10 (pg-boss's minimum)`);
  if (contract.timeoutSeconds > 24 * 60 * 60)
    throw new Error(`${input.type}: timeoutSeconds must be ≤ 24 h (pg-boss's maximum)`);
  return contract;
};

export type TJobRunner<S extends z.ZodType = z.ZodType, R = unknown> = {
  contract: TJobContract<S>;
  /**
   * Does the work. MUST be idempotent: an attempt can be cut off at any point (crash, lost claim, shutdown)
   * and run again from the start, so write results in a way a second run recognises (e.g. the Delta `txn`
   * action with appId = job.id). Scope every registry lookup by job.projectId: the payload is user input.
   * Throw PermanentJobError for input that will never work; any other error is retried.
   * (A method signature, so a runner of one payload type fits a list of runners of any.)
   */
  run(context: TJobRunContext<z.output<S>>): Promise<R>;
  /**
   * Runs once the job is recorded SUCCEEDED, to release its inputs (a staged upload). Inputs go only now, so an
   * attempt killed between its commit and "done" can still be retried; an error here is logged and never changes
   * the job's status (the leftover sweeper removes what this step did not).
   */
  afterDone?(context: { job: TJobRunInfo; payload: z.output<S>; result: R }): Promise<void>;
};

/** Pairs a contract with the function that does its work; the worker's entry hands runners to startWorker. */
export const defineJobRunner = <S extends z.ZodType, R>(runner: TJobRunner<S, R>): TJobRunner<S, R> => runner;

/** A domain function's progress callback (run-ingest.ts, run-training.ts): a fraction, a message, rows so far. */
type TStepProgress = (fraction: number, message: string, rowsProcessed?: number) => void;

/**
 * The shape of a runner whose work is one domain function (ingest, a training dataset): runs `work` with the
 * job's signal and progress, logs what it did (`summary`) and reports the job complete at `rowsProcessed` rows.
 */
export const runDomainStep = async <R>(
  { log, progress, signal }: Pick<TJobRunContext<unknown>, "log" | "progress" | "signal">,
  {
    work,
    summary,
    rowsProcessed,
  }: {
    work: (step: { signal: AbortSignal; progress: TStepProgress }) => Promise<R>;
    summary: (result: R) => string;
    rowsProcessed: (result: R) => number;
  },
): Promise<R> => {
  const result = await work({
    signal,
    progress: (fraction, message, rows) => progress({ fraction, message, rowsProcessed: rows }),
  });
  await log("info", summary(result));
  progress({ fraction: 1, rowsProcessed: rowsProcessed(result) });
  return result;
};

/** Input that can never succeed (missing file, schema mismatch): the job fails at once, without retries. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}
