import "server-only";
import type { JobResult, JobWithMetadata } from "pg-boss";
import { createBoss, ensureQueue, queueNameFor, SCHEDULE_QUEUE, type TBossJobData } from "./boss";
import type { TJobRunner } from "./define";
import { sweepOrphanedJobs } from "./reaper";
import { findJobContract } from "./registry";
import { runJobAttempt, type TAttemptOutcome } from "./run-attempt";
import { createCancellationWatcher } from "./run-context";
import { fireSchedule, syncSchedules, type TScheduleFireData } from "./schedules";

// The job runner: one pg-boss instance that claims jobs of every type it was given a runner for (or the `types`
// given), runs them through runJobAttempt, fires schedules and supervises (expiry, lost heartbeats). Any number of
// workers may run against one database; pg-boss hands each job to exactly one. Runners come from the caller (the
// worker's entry, or a test), never from an import here: this folder stays below the domains that do the work.

export const WORKER_DEFAULTS = {
  // Jobs of each type run at once by this process (a contract's own `concurrency` caps it further).
  concurrency: 2,
  // How often pg-boss looks for expired jobs and lost heartbeats. With the 20 s default heartbeat, a job
  // whose worker died is retried within heartbeat + this + its retry delay: about 40–50 s.
  superviseIntervalSeconds: 15,
  // On SIGTERM running jobs get this long to finish; then their signals abort and they are retried elsewhere.
  shutdownGraceMs: 30_000,
  // How often this worker looks for Job rows no pg-boss job backs (see reaper.ts).
  reaperIntervalMs: 60_000,
  // Idle polling. NOTIFY wakes workers at once for new jobs, but a retry coming due after its backoff
  // sends no NOTIFY, so polling (not pg-boss's 30 s notify backstop) bounds how late a retry starts.
  pollingIntervalSeconds: 2,
} as const;

// Extra time after the grace period for handlers to write their final status once their signal aborted.
const SETTLE_AFTER_ABORT_MS = 5_000;

export type TWorkerOptions = {
  /** What this worker can run: each runner's contract must be the catalog's contract of its type. */
  runners: readonly TJobRunner[];
  concurrency?: number;
  /** Serve only these job types (default: every type in `runners`). */
  types?: string[];
  superviseIntervalSeconds?: number;
  shutdownGraceMs?: number;
  reaperIntervalMs?: number;
  /** Fire schedules from this worker (default true; any number of workers may). */
  schedules?: boolean;
};

export type TWorker = { stop: (options?: { graceMs?: number }) => Promise<void>; types: string[] };

const BOSS_RESULT: Record<TAttemptOutcome, JobResult["status"]> = {
  completed: "completed",
  retry: "failed",
  final: "deadletter",
};

const selectRunners = ({ runners, types }: { runners: readonly TJobRunner[]; types?: string[] }) => {
  const byType = new Map<string, TJobRunner>();
  for (const runner of runners) {
    const { type } = runner.contract;
    // A runner whose contract is not the catalog's would accept payloads the web process refuses, or the reverse.
    if (findJobContract(type) !== runner.contract)
      throw new Error(`The runner for '${type}' does not carry the catalog's contract of that type`);
    if (byType.has(type)) throw new Error(`Two runners for job type '${type}'`);
    byType.set(type, runner);
  }
  if (!types) return byType;
  return new Map(
    types.map((type) => {
      const runner = byType.get(type);
      if (!runner) throw new Error(`No runner for job type '${type}' in this worker`);
      return [type, runner] as const;
    }),
  );
};

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export const startWorker = async (options: TWorkerOptions): Promise<TWorker> => {
  const concurrency = options.concurrency ?? WORKER_DEFAULTS.concurrency;
  const supervise = options.superviseIntervalSeconds ?? WORKER_DEFAULTS.superviseIntervalSeconds;
  const runners = selectRunners({ runners: options.runners, types: options.types });
  const boss = createBoss({
    application_name: "larder-worker",
    supervise: true,
    schedule: options.schedules ?? true,
    superviseIntervalSeconds: supervise,
    monitorIntervalSeconds: supervise,
    useListenNotify: true,
    // Each running job holds a connection only for its heartbeat and settle; a few spare for polling.
    max: Math.max(4, concurrency * Math.max(1, runners.size) + 2),
  });
  await boss.start();
  const watcher = createCancellationWatcher();
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => undefined);
    return promise;
  };

  for (const { contract } of runners.values()) {
    const queue = queueNameFor(contract.type);
    await ensureQueue(boss, queue);
    const workOptions = {
      localConcurrency: Math.min(concurrency, contract.concurrency),
      batchSize: 1,
      perJobResults: true,
      pollingIntervalSeconds: WORKER_DEFAULTS.pollingIntervalSeconds,
      notifyPollingIntervalSeconds: WORKER_DEFAULTS.pollingIntervalSeconds,
    } as const;
    await boss.work<TBossJobData>(queue, workOptions, async (jobs) =>
      Promise.all(
        jobs.map(async (job): Promise<JobResult> => {
          const outcome = await track(
            runJobAttempt({ jobId: job.data.jobId, claimSignal: job.signal, watcher, runners }),
          );
          return { id: job.id, status: BOSS_RESULT[outcome] };
        }),
      ),
    );
  }

  if (options.schedules ?? true) {
    await syncSchedules({ boss });
    await boss.work(
      SCHEDULE_QUEUE,
      { batchSize: 1, includeMetadata: true } as const,
      async ([firing]: JobWithMetadata<TScheduleFireData>[]) =>
        track(fireSchedule({ scheduleId: firing.data.scheduleId, firedAt: firing.createdOn })),
    );
  }

  const reaper = setInterval(() => {
    sweepOrphanedJobs().catch((error: unknown) => console.error("[larder] orphaned-job sweep failed:", error));
  }, options.reaperIntervalMs ?? WORKER_DEFAULTS.reaperIntervalMs);
  reaper.unref();

  let stopping: Promise<void> | undefined;
  const stop = ({
    graceMs = options.shutdownGraceMs ?? WORKER_DEFAULTS.shutdownGraceMs,
  }: { graceMs?: number } = {}) => {
    stopping ??= (async () => {
      clearInterval(reaper);
      // Stops fetching at once, waits up to graceMs for running handlers, then fails what is left (pg-boss
      // retries it) and aborts those jobs' signals; the pool stays open so handlers can settle their rows.
      await boss.stop({ graceful: true, timeout: graceMs, close: false });
      await Promise.race([Promise.allSettled([...inFlight]), delay(SETTLE_AFTER_ABORT_MS)]);
      watcher.stop();
      await boss.stop({ close: true });
    })();
    return stopping;
  };

  return { stop, types: [...runners.keys()] };
};
