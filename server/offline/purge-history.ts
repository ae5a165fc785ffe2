import "server-only";

import fs from "node:fs/promises";
import path from "node:path";
import { writeCheckpoint } from "./checkpoint";
import { withTableLock } from "./commit-loop";
import type { TAddAction, TDeltaAction } from "./delta-actions";
import { type TDuckDbSettings, withDuckDb } from "./duckdb";
import { listDeltaLog, readCommitActions, writeFileAtomic } from "./log-store";
import { DELTA_LOG_DIR, commitFileName, deltaLogPath, resolveDataFilePath, validateTablePath } from "./paths";
import { loadSnapshot } from "./snapshot";

// Purging a table's history: what an erasure needs after its delete commit so that no older file can still hold the
// erased rows. Vacuum with a retention keeps the log and the files a week of time travel needs; a purge keeps the
// latest version alone. Every Delta reader (ours, Spark's, delta-rs) reads the latest version from the checkpoint
// written here, and an older version is refused as purged (snapshot.ts) instead of being read from files that are gone.

/** Log files older than the version a purge kept: commits, checkpoints (single and multi-part), .crc files. */
const LOG_VERSION_FILE = /^(\d{20})\.(json|crc|checkpoint\.parquet|checkpoint\.\d{10}\.\d{10}\.parquet)$/;

const walkFiles = async (dir: string): Promise<string[]> => {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? walkFiles(full) : Promise.resolve([full]);
    }),
  );
  return nested.flat();
};

const removeEmptyDirs = async (dir: string, root: string): Promise<void> => {
  for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory() && !(dir === root && entry.name === DELTA_LOG_DIR))
      await removeEmptyDirs(path.join(dir, entry.name), root);
  }
  if (dir !== root && (await fs.readdir(dir).catch(() => ["?"])).length === 0) await fs.rmdir(dir).catch(() => {});
};

export type TPurgeHistoryResult = {
  /** The version kept: the latest, now also the oldest readable one. */
  version: number;
  /** Files deleted from the table's directory outside the log (data files of older versions, leftovers). */
  dataFilesDeleted: string[];
  /** Files deleted from `_delta_log` (commits and checkpoints of older versions, temp files). */
  logFilesDeleted: string[];
  /** Data files of the kept version (untouched). */
  liveFiles: number;
};

/**
 * Makes the latest version the only one: deletes every file under the table that its snapshot does not reference
 * (any age, staging leftovers and other engines' side files included), writes a checkpoint of it without remove
 * tombstones (their files are gone), strips the remove actions from its own commit file, and deletes every older
 * commit, checkpoint and temp file of the log. Idempotent. Callers must keep other writers out (a writer's
 * not-yet-committed files would be deleted): the registry's table lock in exclusive mode does (server/db/table-lock.ts).
 */
export const purgeHistory = async ({
  tablePath: rawTablePath,
  storageRoot,
  duckdb,
}: {
  tablePath: string;
  storageRoot?: string;
  duckdb?: TDuckDbSettings;
}): Promise<TPurgeHistoryResult> => {
  const tablePath = validateTablePath({ tablePath: rawTablePath, storageRoot });
  return withTableLock(tablePath, () =>
    withDuckDb(duckdb, async (connection) => {
      const snapshot = await loadSnapshot({ tablePath, connection });
      const { version } = snapshot;
      const referenced = new Set(snapshot.files.map((file) => resolveDataFilePath({ tablePath, addPath: file.path })));
      const dataFilesDeleted: string[] = [];
      for (const entry of await fs.readdir(tablePath, { withFileTypes: true })) {
        if (entry.name === DELTA_LOG_DIR) continue;
        const full = path.join(tablePath, entry.name);
        for (const file of entry.isDirectory() ? await walkFiles(full) : [full]) {
          if (referenced.has(file)) continue;
          await fs.rm(file, { force: true });
          dataFilesDeleted.push(file);
        }
      }
      await removeEmptyDirs(tablePath, tablePath);

      // The checkpoint first: once it exists, the older log is no longer needed by any reader of `version`.
      const actions: TDeltaAction[] = [
        { protocol: snapshot.protocol },
        { metaData: snapshot.metaData },
        ...[...snapshot.txnVersions].map(([appId, txnVersion]) => ({
          txn: { appId, version: txnVersion, lastUpdated: snapshot.timestamp },
        })),
        ...snapshot.files.map((add: TAddAction) => ({ add })),
      ];
      await writeCheckpoint({ connection, tablePath, version, actions });
      const logDir = deltaLogPath(tablePath);
      const ownCommit = path.join(logDir, commitFileName(version));
      const own = await readCommitActions(ownCommit).catch(() => null);
      // The kept commit's remove actions name the files it replaced (their paths can spell partition values); the
      // checkpoint holds the state, so only its commitInfo, txn and adds stay, for its time and history.
      if (own?.some((action) => action.remove))
        await writeFileAtomic({
          file: ownCommit,
          data: own
            .filter((action) => !action.remove)
            .map((action) => JSON.stringify(action))
            .join("\n")
            .concat("\n"),
        });
      const logFilesDeleted: string[] = [];
      for (const name of await fs.readdir(logDir)) {
        const match = LOG_VERSION_FILE.exec(name);
        const older = match ? Number(match[1]) < version : name.startsWith(".");
        if (!older) continue;
        await fs.rm(path.join(logDir, name), { force: true });
        logFilesDeleted.push(path.join(logDir, name));
      }
      // A sanity check of what readers will see: the listing now starts at the kept version.
      const listing = await listDeltaLog(tablePath);
      if (Math.min(...listing.commits.keys()) < version)
        throw new Error(`purging ${tablePath}: commits before version ${version} are still listed`);
      return { version, dataFilesDeleted, logFilesDeleted, liveFiles: snapshot.files.length };
    }),
  );
};

/**
 * What a table keeps that could hold a value: every data file under its directory (the live ones and those of older
 * versions vacuum has not deleted yet), and the per-file statistics (min/max per column) of every add action in its
 * log — which may name a value even after the file itself was vacuumed.
 */
export const inventoryTable = async ({
  tablePath: rawTablePath,
  storageRoot,
  duckdb,
}: {
  tablePath: string;
  storageRoot?: string;
  duckdb?: TDuckDbSettings;
}) => {
  const tablePath = validateTablePath({ tablePath: rawTablePath, storageRoot });
  return withDuckDb(duckdb, async (connection) => {
    const snapshot = await loadSnapshot({ tablePath, connection });
    const liveFiles = snapshot.files.map((file) => resolveDataFilePath({ tablePath, addPath: file.path }));
    const dataFiles: string[] = [];
    for (const entry of await fs.readdir(tablePath, { withFileTypes: true })) {
      if (entry.name === DELTA_LOG_DIR) continue;
      const full = path.join(tablePath, entry.name);
      for (const file of entry.isDirectory() ? await walkFiles(full) : [full])
        if (file.endsWith(".parquet")) dataFiles.push(file);
    }
    const listing = await listDeltaLog(tablePath);
    const statistics: { minValues?: Record<string, unknown>; maxValues?: Record<string, unknown> }[] = [];
    const collect = (actions: TDeltaAction[]) => {
      for (const action of actions) {
        if (!action.add?.stats) continue;
        try {
          statistics.push(JSON.parse(action.add.stats));
        } catch {
          // Unparseable stats hold nothing we could compare; the file itself is scanned.
        }
      }
    };
    for (const file of listing.commits.values()) collect(await readCommitActions(file));
    collect(snapshot.files.map((add) => ({ add })));
    return {
      version: snapshot.version,
      liveFiles,
      dataFiles,
      partitionColumns: snapshot.partitionColumns,
      statistics,
      logFiles: (await fs.readdir(deltaLogPath(tablePath))).length,
    };
  });
};
