import "server-only";

import { CHECKPOINT_INTERVAL, writeCheckpoint } from "./checkpoint";
import type { TDeltaAction } from "./delta-actions";
import { deleteDataFiles } from "./data-files";
import type { DuckDBConnection, TTableVersionRead } from "./duckdb";
import { DeltaConflictError, UnsupportedDeltaTableError, throwIfAborted } from "./errors";
import { writeCommitFile } from "./log-store";
import { type TDeltaSnapshot, SUPPORTED_WRITER_VERSION, loadSnapshot, snapshotToCheckpointActions } from "./snapshot";

// How many times a commit is redone on top of a newer table state after losing a race to another process.
// Each attempt re-reads the log, so ten covers a burst of concurrent jobs on one table.
const MAX_COMMIT_ATTEMPTS = 10;
// Backoff between attempts (ms, times the attempt number, plus jitter) so racing writers spread out.
const RETRY_BACKOFF_MS = 25;

const tableLocks = new Map<string, Promise<unknown>>();

/**
 * Runs `work` exclusively for a table within this process. Writers in other processes are serialized by
 * the exclusive creation of the commit file (see writeCommitFile) and the retry loop below.
 */
export const withTableLock = async <T>(tablePath: string, work: () => Promise<T>): Promise<T> => {
  const previous = tableLocks.get(tablePath) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(work);
  const tail = run.catch(() => undefined);
  tableLocks.set(tablePath, tail);
  try {
    return await run;
  } finally {
    if (tableLocks.get(tablePath) === tail) tableLocks.delete(tablePath);
  }
};

export type TPreparedCommit<R> =
  { kind: "commit"; actions: TDeltaAction[]; result: (version: number) => R } | { kind: "noop"; result: R };

const assertWritable = (snapshot: TDeltaSnapshot): void => {
  if (snapshot.protocol.minWriterVersion > SUPPORTED_WRITER_VERSION || snapshot.protocol.writerFeatures?.length) {
    throw new UnsupportedDeltaTableError({
      tablePath: snapshot.tablePath,
      reason: `minWriterVersion ${snapshot.protocol.minWriterVersion} is above the supported writer version ${SUPPORTED_WRITER_VERSION}`,
    });
  }
};

/**
 * Optimistic commit loop: read the latest snapshot, let `prepare` write data files (registered through
 * `track`) and return the actions, then create the next commit file exclusively. On a lost race the
 * files are deleted and the work is redone on the new state; on any failure before the commit the
 * tracked files are deleted, so no stray data file is left behind.
 */
export const commitWithRetry = async <R>({
  tablePath,
  connection,
  signal,
  prepare,
}: {
  tablePath: string;
  connection: DuckDBConnection;
  signal?: AbortSignal;
  prepare: (args: { snapshot: TDeltaSnapshot; track: (files: string[]) => void }) => Promise<TPreparedCommit<R>>;
}): Promise<R> =>
  withTableLock(tablePath, async () => {
    for (let attempt = 1; ; attempt += 1) {
      const written: string[] = [];
      try {
        const snapshot = await loadSnapshot({ tablePath, connection });
        assertWritable(snapshot);
        const prepared = await prepare({ snapshot, track: (files) => written.push(...files) });
        if (prepared.kind === "noop") {
          await deleteDataFiles(written);
          return prepared.result;
        }
        throwIfAborted(signal);
        const version = snapshot.version + 1;
        await writeCommitFile({ tablePath, version, actions: prepared.actions });
        if (version % CHECKPOINT_INTERVAL === 0) await checkpointQuietly({ tablePath, version, connection });
        return prepared.result(version);
      } catch (error) {
        await deleteDataFiles(written);
        if (!(error instanceof DeltaConflictError) || attempt >= MAX_COMMIT_ATTEMPTS) throw error;
        await new Promise((resolve) =>
          setTimeout(resolve, RETRY_BACKOFF_MS * attempt + Math.random() * RETRY_BACKOFF_MS),
        );
      }
    }
  });

/** A checkpoint only speeds up reads; failing to write one must not fail the commit that triggered it. */
const checkpointQuietly = async ({ tablePath, version, connection }: TTableVersionRead) => {
  try {
    const snapshot = await loadSnapshot({ tablePath, asOf: { version }, connection });
    await writeCheckpoint({ connection, tablePath, version, actions: snapshotToCheckpointActions(snapshot) });
  } catch (error) {
    console.warn(`[offline] checkpoint of ${tablePath} at version ${version} failed:`, error);
  }
};
