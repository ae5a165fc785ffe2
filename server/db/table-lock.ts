import "server-only";
import pg from "pg";
import { getDatabaseUrl } from "../env";

// Writers of one feature group's Delta table across processes. Commits are optimistic (server/offline: the loser of
// a race redoes its write on the new state), which is enough while every writer only adds. An erasure is different:
// it deletes every file the latest version does not reference, so a concurrent writer's not-yet-committed files would
// be deleted under it, and a materialization reading an older snapshot would put erased rows back online. So every
// writer of a table (ingest with its online write-through, compaction, schema evolution, materialization) holds this
// lock in shared mode — writers still run side by side — and an erasure takes it exclusively: it waits for the writes
// in flight and keeps new ones waiting until it is done. A PostgreSQL advisory lock on a session of its own: a
// process that dies (even by SIGKILL) loses its session and with it the lock.

type TLockMode = "shared" | "exclusive";

const lockKey = (tablePath: string) => `larder:delta-table:${tablePath}`;

/** Runs `work` holding the advisory lock `key` in `mode` on a session of its own (released if the process dies). */
const withSessionLock = async <T>(key: string, mode: TLockMode, work: () => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: getDatabaseUrl(), application_name: `larder lock (${mode})` });
  await client.connect();
  // A lost connection means a lost lock: the work must not go on believing it holds it.
  client.on("error", (error) => console.error("[larder] the lock's connection failed:", error));
  try {
    const take = mode === "exclusive" ? "pg_advisory_lock" : "pg_advisory_lock_shared";
    await client.query(`SELECT ${take}(hashtextextended($1, 0))`, [key]);
    return await work();
  } finally {
    // Ending the session releases the lock (and any other this session held).
    await client.end().catch(() => undefined);
  }
};

/** Runs `work` holding the table's write lock in `mode`. Waits while a holder of a conflicting mode works. */
export const withTableWriteLock = async <T>(
  { tablePath, mode }: { tablePath: string; mode: TLockMode },
  work: () => Promise<T>,
): Promise<T> => withSessionLock(lockKey(tablePath), mode, work);

/**
 * One erasure at a time per project (docs/erasure.md): a request plans after the one before it has finished, so two
 * requests for the same keys never re-create the same dataset twice nor read commits the other is purging.
 */
export const withProjectErasureLock = async <T>(projectId: string, work: () => Promise<T>): Promise<T> =>
  withSessionLock(`larder:erasure:${projectId}`, "exclusive", work);
