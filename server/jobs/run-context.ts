import "server-only";
import { db } from "../db/client";
import type { TJobLogLevel } from "@/lib/api/jobs";
import type { TProgressUpdate } from "./define";

// The pieces a running job is handed: a throttled progress reporter, an ordered log writer, and a watcher
// that turns a cancellation request in the database into an AbortSignal.

// The console polls about once a second; four writes a second keep a bar smooth without a write per row.
const PROGRESS_WRITE_INTERVAL_MS = 250;
// How soon a running job notices a cancellation request; one indexed query per worker per tick.
const CANCEL_POLL_INTERVAL_MS = 500;
// A log line is for people; longer messages (a stack, a dumped row) are cut here.
const LOG_MESSAGE_MAX_CHARS = 8_000;

const reportBackgroundError = (what: string) => (error: unknown) =>
  console.error(`[larder] job ${what} failed:`, error);

/** Appends log lines in call order (each insert waits for the previous), so ids follow the order of calls. */
export const createJobLogger = ({ jobId }: { jobId: string }) => {
  let chain: Promise<void> = Promise.resolve();
  const log = (level: TJobLogLevel, message: string): Promise<void> => {
    const text =
      message.length > LOG_MESSAGE_MAX_CHARS ? `${message.slice(0, LOG_MESSAGE_MAX_CHARS)}… (truncated)` : message;
    chain = chain
      .then(() => db.jobLog.create({ data: { jobId, level, message: text } }).then(() => undefined))
      .catch(reportBackgroundError("log write"));
    return chain;
  };
  return { log, settle: () => chain };
};

/**
 * Keeps only the latest update and writes it at most every PROGRESS_WRITE_INTERVAL_MS. Writes are fenced
 * by attempt number, so a worker that lost its claim cannot overwrite the progress of the attempt that
 * replaced it. A changed `message` becomes an info log line.
 */
export const createProgressReporter = ({
  jobId,
  attempt,
  log,
}: {
  jobId: string;
  attempt: number;
  log: (level: TJobLogLevel, message: string) => Promise<void>;
}) => {
  let pending: { fraction: number; rowsProcessed?: bigint; message?: string } | null = null;
  let lastWriteAt = 0;
  let lastMessage: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = async () => {
    const update = pending;
    pending = null;
    lastWriteAt = Date.now();
    if (!update) return;
    await db.job.updateMany({
      where: { id: jobId, attempts: attempt, status: "RUNNING" },
      data: {
        progress: update.fraction,
        ...(update.rowsProcessed !== undefined ? { rowsProcessed: update.rowsProcessed } : {}),
      },
    });
    if (update.message && update.message !== lastMessage) {
      lastMessage = update.message;
      await log("info", update.message);
    }
  };

  const enqueueWrite = () => {
    writing = writing.then(write).catch(reportBackgroundError("progress write"));
    return writing;
  };

  const report = ({ fraction, rowsProcessed, message }: TProgressUpdate) => {
    const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : (pending?.fraction ?? 0);
    pending = {
      fraction: clamped,
      rowsProcessed: rowsProcessed !== undefined ? BigInt(rowsProcessed) : pending?.rowsProcessed,
      message: message ?? pending?.message,
    };
    if (timer) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        void enqueueWrite();
      },
      Math.max(0, lastWriteAt + PROGRESS_WRITE_INTERVAL_MS - Date.now()),
    );
  };

  /** Writes what is pending now; called before the attempt's final status is written. */
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    return enqueueWrite();
  };

  return { report, flush };
};

/**
 * One poller per worker process for all its running jobs: a job whose Job.cancelRequestedAt is set has its
 * callback called once. Polling (rather than LISTEN/NOTIFY) also sees requests made while a connection was down.
 */
export const createCancellationWatcher = ({ intervalMs = CANCEL_POLL_INTERVAL_MS }: { intervalMs?: number } = {}) => {
  const watched = new Map<string, () => void>();
  let polling = false;
  const poll = async () => {
    if (polling || watched.size === 0) return;
    polling = true;
    try {
      const rows = await db.job.findMany({
        where: { id: { in: [...watched.keys()] }, cancelRequestedAt: { not: null } },
        select: { id: true },
      });
      for (const { id } of rows) {
        const onCancel = watched.get(id);
        watched.delete(id);
        onCancel?.();
      }
    } catch (error) {
      reportBackgroundError("cancellation poll")(error);
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref();
  return {
    watch: (jobId: string, onCancel: () => void) => void watched.set(jobId, onCancel),
    unwatch: (jobId: string) => void watched.delete(jobId),
    stop: () => clearInterval(timer),
  };
};

export type TCancellationWatcher = ReturnType<typeof createCancellationWatcher>;
