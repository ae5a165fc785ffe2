import "server-only";

import fs from "node:fs/promises";
import path from "node:path";
import { commitWithRetry, withTableLock } from "./commit-loop";
import { type TAddAction, type TDeltaAction, ENGINE_INFO, removeAction } from "./delta-actions";
import { writeDataFiles } from "./data-files";
import { type TDuckDbSettings, quoteIdent, withDuckDb } from "./duckdb";
import { OfflineStoreInputError, throwIfAborted } from "./errors";
import { DELTA_LOG_DIR, STAGING_DIR, resolveDataFilePath, validateTablePath } from "./paths";
import { buildScanSql } from "./scan";
import { filesLackingDefaults } from "./schema-evolution";
import { loadSnapshot } from "./snapshot";
import { TABLE_CONFIG } from "./table-config";

// Default compaction target: 128 MiB files, the size Delta's OPTIMIZE aims for on object stores too.
export const DEFAULT_TARGET_FILE_SIZE_BYTES = 128 * 1024 * 1024;

/**
 * Rewrites the small files of each partition into fewer, larger ones (sorted by primary key). The commit
 * carries dataChange=false and is a pure rewrite: every reader (Larder's, Spark, a bare Parquet reader) reads
 * the same rows before and after it, so readers of changes and streaming consumers see no new rows.
 */
export const compactTable = async ({
  tablePath: rawTablePath,
  storageRoot,
  targetFileSizeBytes = DEFAULT_TARGET_FILE_SIZE_BYTES,
  signal,
  onProgress,
  duckdb,
}: {
  tablePath: string;
  storageRoot?: string;
  targetFileSizeBytes?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
  duckdb?: TDuckDbSettings;
}): Promise<{ version: number; filesAdded: number; filesRemoved: number }> => {
  const tablePath = validateTablePath({ tablePath: rawTablePath, storageRoot });
  if (!(targetFileSizeBytes > 0))
    throw new OfflineStoreInputError({ field: "targetFileSizeBytes", message: "Must be positive" });
  return withDuckDb(duckdb, (connection) =>
    commitWithRetry({
      tablePath,
      connection,
      signal,
      prepare: async ({ snapshot, track }) => {
        const small = snapshot.files.filter((file) => file.size < targetFileSizeBytes);
        // A file lacking a column with a default (a table evolved before defaults were written into the files)
        // reads the default in Larder and NULL elsewhere: rewriting it would change what one of them reads in a
        // dataChange=false commit, so compaction leaves it to backfillDefaults.
        const stale = new Set(await filesLackingDefaults({ connection, ...snapshot, files: small }));
        const groups = new Map<string, TAddAction[]>();
        for (const file of small) {
          if (stale.has(file)) continue;
          // "" and null are the same partition value (null) in the protocol: one group.
          const key = JSON.stringify(snapshot.partitionColumns.map((column) => file.partitionValues?.[column] || null));
          groups.set(key, [...(groups.get(key) ?? []), file]);
        }
        const toRewrite = [...groups.values()].filter((files) => files.length > 1);
        if (toRewrite.length === 0)
          return { kind: "noop", result: { version: snapshot.version, filesAdded: 0, filesRemoved: 0 } };
        const configuration = snapshot.metaData.configuration ?? {};
        const sortKey: string[] = [
          ...(configuration[TABLE_CONFIG.primaryKey]
            ? (JSON.parse(configuration[TABLE_CONFIG.primaryKey]) as string[])
            : []),
          ...(configuration[TABLE_CONFIG.eventTime] ? [configuration[TABLE_CONFIG.eventTime]] : []),
        ];
        const orderBy = sortKey.length > 0 ? ` ORDER BY ${sortKey.map(quoteIdent).join(", ")}` : "";
        const adds: TAddAction[] = [];
        const removed: TAddAction[] = [];
        for (const [index, files] of toRewrite.entries()) {
          throwIfAborted(signal);
          onProgress?.(index / toRewrite.length, `compacting ${files.length} files`);
          const scan = await buildScanSql({ connection, source: { ...snapshot, files } });
          const written = await writeDataFiles({
            connection,
            tablePath,
            selectSql: `SELECT * FROM ${scan} AS s${orderBy}`,
            schema: snapshot.schema,
            partitionColumns: snapshot.partitionColumns,
            dataChange: false,
            signal,
          });
          track(written.files);
          adds.push(...written.adds);
          removed.push(...files);
        }
        const now = Math.max(Date.now(), snapshot.timestamp + 1);
        const actions: TDeltaAction[] = [
          {
            commitInfo: {
              timestamp: now,
              operation: "OPTIMIZE",
              operationParameters: { targetFileSizeBytes: String(targetFileSizeBytes) },
              operationMetrics: { numAddedFiles: String(adds.length), numRemovedFiles: String(removed.length) },
              engineInfo: ENGINE_INFO,
              readVersion: snapshot.version,
              larder: { filesAdded: adds.length, filesRemoved: removed.length },
            },
          },
          ...adds.map((add) => ({ add })),
          ...removed.map((file) => removeAction(file, { now, dataChange: false })),
        ];
        onProgress?.(1, "committing");
        return {
          kind: "commit",
          actions,
          result: (version) => ({ version, filesAdded: adds.length, filesRemoved: removed.length }),
        };
      },
    }),
  );
};

const walkFiles = async (dir: string): Promise<string[]> => {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? walkFiles(full) : [full];
    }),
  );
  return nested.flat();
};

const removeEmptyDirs = async (dir: string, root: string): Promise<void> => {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name !== DELTA_LOG_DIR) await removeEmptyDirs(path.join(dir, entry.name), root);
  }
  if (dir !== root && (await fs.readdir(dir)).length === 0) await fs.rmdir(dir).catch(() => undefined);
};

/**
 * Deletes data files the latest snapshot does not reference and that were removed (or, if never committed,
 * written) longer than `retentionMs` ago. Never touches `_delta_log` or a file of the latest snapshot.
 * Time travel to versions whose files were vacuumed stops working, so keep the retention above the
 * longest time-travel window and the longest-running write.
 */
export const vacuumTable = async ({
  tablePath: rawTablePath,
  storageRoot,
  retentionMs,
  now = Date.now(),
  dryRun = false,
  duckdb,
}: {
  tablePath: string;
  storageRoot?: string;
  retentionMs: number;
  now?: number;
  dryRun?: boolean;
  duckdb?: TDuckDbSettings;
}): Promise<{ deletedFiles: string[] }> => {
  const tablePath = validateTablePath({ tablePath: rawTablePath, storageRoot });
  if (!(retentionMs >= 0)) throw new OfflineStoreInputError({ field: "retentionMs", message: "Must be zero or more" });
  return withTableLock(tablePath, async () => {
    const snapshot = await withDuckDb(duckdb, (connection) => loadSnapshot({ tablePath, connection }));
    const referenced = new Set(snapshot.files.map((file) => resolveDataFilePath({ tablePath, addPath: file.path })));
    const removedAt = new Map(
      snapshot.tombstones.map((remove) => [
        resolveDataFilePath({ tablePath, addPath: remove.path }),
        remove.deletionTimestamp ?? 0,
      ]),
    );
    const cutoff = now - retentionMs;
    const deletedFiles: string[] = [];
    for (const entry of await fs.readdir(tablePath, { withFileTypes: true })) {
      if (entry.name === DELTA_LOG_DIR) continue;
      // Hidden and underscore entries are not table data (Delta convention), except our own staging area.
      if ((entry.name.startsWith("_") || entry.name.startsWith(".")) && entry.name !== STAGING_DIR) continue;
      const full = path.join(tablePath, entry.name);
      const files = entry.isDirectory() ? await walkFiles(full) : [full];
      for (const file of files) {
        if (referenced.has(file) || path.basename(file).startsWith(".")) continue;
        const stat = await fs.stat(file).catch(() => undefined);
        if (!stat) continue;
        const removedTime = removedAt.get(file);
        const oldEnough = stat.mtimeMs < cutoff && (removedTime === undefined || removedTime < cutoff);
        if (!oldEnough) continue;
        if (!dryRun) await fs.rm(file, { force: true });
        deletedFiles.push(file);
      }
    }
    if (!dryRun) await removeEmptyDirs(tablePath, tablePath).catch(() => undefined);
    return { deletedFiles };
  });
};
