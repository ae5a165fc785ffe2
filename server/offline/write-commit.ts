import "server-only";

import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

import { getEnv } from "../env";
import { commitWithRetry } from "./commit-loop";
import {
  type TAddAction,
  type TCommitInfoAction,
  type TDeltaAction,
  ENGINE_INFO,
  removeAction,
  type TLarderCommitInfo,
  parseFileStats,
} from "./delta-actions";
import { writeDataFiles } from "./data-files";
import {
  type TDuckDbSettings,
  type DuckDBConnection,
  fileListLiteral,
  queryJsonRows,
  quoteIdent,
  quoteLiteral,
  withDuckDb,
} from "./duckdb";
import { OfflineStoreInputError, throwIfAborted } from "./errors";
import {
  INCOMING_TABLE,
  type TWriteSource,
  assertNoEmptyPartitionValues,
  incomingKeyRanges,
  keyMatchSql,
  sourceRelationSql,
  stageIncoming,
} from "./incoming";
import { pruneFilesByKeyRanges } from "./pruning";
import { FILE_COLUMN, buildScanSql } from "./scan";
import { type TDeltaSnapshot, loadSnapshot } from "./snapshot";
import { findTxnCommit } from "./txn";
import { TABLE_CONFIG } from "./table-config";
import { keptRowsWithLoadValuesSql, visibleMatchingLoadSql } from "./visible-after";
import { STAGING_DIR, resolveDataFilePath, validateTablePath } from "./paths";

type TWriteMode = "upsert" | "append" | "delete";
type TProgressCallback = (fraction: number, message: string) => void;

/** The staged load as `beforeCommit` sees it, on the write's own connection. */
export type TStagedLoad = {
  connection: DuckDBConnection;
  /** Every row of the load as staged (typed like the table), duplicates on the write key included. */
  loadSql: string;
  /**
   * The rows visible after the write (the snapshot the write starts from, less the rows the load replaces on the
   * write key, plus the load) whose `columns` hold a value of the load: `columns` only (visible-after.ts).
   */
  visibleAfterSql: (columns: string[]) => Promise<string>;
  /**
   * A scalar query: the rows the write keeps from the snapshot whose `column` holds a value of the load — 0 exactly
   * when there are none, exact when the load holds each value once (visible-after.ts).
   */
  keptRowsWithLoadValuesSql: (column: string) => Promise<string>;
};

export type TWriteCommitParams = TWriteSource & {
  tablePath: string;
  storageRoot?: string;
  mode: TWriteMode;
  /** Defaults to the table's configured primary key (createDeltaTable). Required for upsert/delete. */
  primaryKey?: string[];
  /** Defaults to the table's configured event-time column. Upserts are unique on primaryKey + eventTime. */
  eventTime?: string | null;
  /** Idempotency token: a commit with the same appId and a version ≤ the last committed one is a no-op. */
  txn?: { appId: string; version: number };
  commitInfo?: TLarderCommitInfo & { operation?: string };
  onProgress?: TProgressCallback;
  signal?: AbortSignal;
  duckdb?: TDuckDbSettings;
  /** Runs once the load is staged, before any data file is written (upserts and appends): throwing refuses the write. */
  beforeCommit?: (staged: TStagedLoad) => Promise<void>;
};

export type TWriteCommitResult = {
  version: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsDeleted: number;
  rowsRewritten: number;
  filesAdded: number;
  filesRemoved: number;
  alreadyCommitted: boolean;
};

const OPERATION_BY_MODE: Record<TWriteMode, string> = { append: "WRITE", upsert: "MERGE", delete: "DELETE" };

/** Row count of files: from their stats, or from the Parquet footers when a file has none (foreign tables). */
const sumRecords = async (
  connection: DuckDBConnection,
  snapshot: TDeltaSnapshot,
  files: TAddAction[],
): Promise<number> => {
  const stats = files.map((file) => parseFileStats(file.stats));
  if (stats.every((s) => s !== undefined)) return stats.reduce((total, s) => total + s!.numRecords, 0);
  const paths = files.map((file) => resolveDataFilePath({ tablePath: snapshot.tablePath, addPath: file.path }));
  const [row] = await queryJsonRows(connection, `SELECT count(*) AS n FROM read_parquet(${fileListLiteral(paths)})`);
  return Number(row.n);
};

/**
 * Writes one commit: append, upsert (copy-on-write: rewrite only files holding incoming keys) or delete by
 * primary key. Data files are written before the commit file; anything that fails before the commit
 * deletes them. Retries on top of the new state when another writer commits first.
 */
export const writeCommit = async (params: TWriteCommitParams): Promise<TWriteCommitResult> => {
  const tablePath = validateTablePath({ tablePath: params.tablePath, storageRoot: params.storageRoot });
  const { mode, txn, onProgress, signal } = params;
  if (!(mode in OPERATION_BY_MODE))
    throw new OfflineStoreInputError({ field: "mode", message: `Unknown write mode ${String(mode)}` });
  if (txn && (!txn.appId || !Number.isInteger(txn.version) || txn.version < 0)) {
    throw new OfflineStoreInputError({
      field: "txn",
      message: "txn needs an appId and a non-negative integer version",
    });
  }
  return withDuckDb(params.duckdb, async (connection) => {
    const initial = await loadSnapshot({ tablePath, connection });
    if (txn && (initial.txnVersions.get(txn.appId) ?? -1) >= txn.version) return findTxnCommit({ tablePath, txn });
    const configured = initial.metaData.configuration ?? {};
    const primaryKey =
      params.primaryKey ??
      (configured[TABLE_CONFIG.primaryKey] ? (JSON.parse(configured[TABLE_CONFIG.primaryKey]) as string[]) : []);
    const eventTime = params.eventTime === undefined ? (configured[TABLE_CONFIG.eventTime] ?? null) : params.eventTime;
    const schemaNames = new Set(initial.schema.fields.map((field) => field.name));
    for (const column of [...primaryKey, ...(eventTime ? [eventTime] : [])]) {
      if (!schemaNames.has(column))
        throw new OfflineStoreInputError({
          field: "primaryKey",
          message: `Key column ${JSON.stringify(column)} is not in the table`,
        });
    }
    if (mode !== "append" && primaryKey.length === 0) {
      throw new OfflineStoreInputError({ field: "primaryKey", message: `Mode ${mode} needs a primary key` });
    }
    const writeKey = mode === "delete" ? primaryKey : [...primaryKey, ...(eventTime ? [eventTime] : [])];

    onProgress?.(0.05, "reading source");
    const stagingDir = path.join(tablePath, STAGING_DIR, `${randomUUID()}-incoming`);
    await fs.mkdir(stagingDir, { recursive: true });
    try {
      const staged = await stageIncoming({
        connection,
        relation: sourceRelationSql(params),
        schema: initial.schema,
        dedupKeys: mode === "upsert" ? writeKey : undefined,
        keyOnly: mode === "delete" ? primaryKey : undefined,
        stagingDir,
      });
      if (mode !== "delete")
        await assertNoEmptyPartitionValues({
          connection,
          schema: initial.schema,
          partitionColumns: initial.partitionColumns,
        });
      throwIfAborted(signal);
      if (params.beforeCommit && mode !== "delete")
        await params.beforeCommit({
          connection,
          loadSql: `read_parquet(${quoteLiteral(staged.loadFile)})`,
          visibleAfterSql: (columns) => visibleMatchingLoadSql({ connection, snapshot: initial, writeKey, columns }),
          keptRowsWithLoadValuesSql: (column) =>
            keptRowsWithLoadValuesSql({ connection, snapshot: initial, writeKey, column }),
        });
      throwIfAborted(signal);
      onProgress?.(0.3, `staged ${staged.rowCount} rows`);
      const ranges =
        mode === "append" ? [] : await incomingKeyRanges({ connection, keys: primaryKey, schema: initial.schema });
      const sortKey = [...primaryKey, ...(eventTime ? [eventTime] : [])];
      const orderBy = sortKey.length > 0 ? ` ORDER BY ${sortKey.map(quoteIdent).join(", ")}` : "";

      return await commitWithRetry<TWriteCommitResult>({
        tablePath,
        connection,
        signal,
        prepare: async ({ snapshot, track }) => {
          if (txn && (snapshot.txnVersions.get(txn.appId) ?? -1) >= txn.version) {
            return { kind: "noop", result: await findTxnCommit({ tablePath, txn }) };
          }
          const columns = snapshot.schema.fields.map((field) => quoteIdent(field.name)).join(", ");
          let hitFiles: TAddAction[] = [];
          if (mode !== "append" && staged.rowCount > 0) {
            const candidates = pruneFilesByKeyRanges({ files: snapshot.files, ranges, schema: snapshot.schema });
            if (candidates.length > 0) {
              onProgress?.(0.4, `checking ${candidates.length} of ${snapshot.files.length} files for matching keys`);
              const scan = await buildScanSql({
                connection,
                source: { ...snapshot, files: candidates },
                columns: writeKey,
                includeFileColumn: true,
              });
              const rows = await queryJsonRows(
                connection,
                `SELECT DISTINCT s.${FILE_COLUMN} AS f FROM ${scan} s SEMI JOIN ${INCOMING_TABLE} i ON ${keyMatchSql({ keys: writeKey, left: "s", right: "i" })}`,
              );
              const hit = new Set(rows.map((row) => String(row.f)));
              hitFiles = candidates.filter((file) => hit.has(resolveDataFilePath({ tablePath, addPath: file.path })));
            }
          }
          throwIfAborted(signal);
          const incomingSelect = mode === "delete" ? undefined : `SELECT ${columns} FROM ${INCOMING_TABLE}`;
          let survivorsSelect: string | undefined;
          if (hitFiles.length > 0) {
            const hitScan = await buildScanSql({ connection, source: { ...snapshot, files: hitFiles } });
            survivorsSelect = `SELECT ${columns} FROM ${hitScan} s ANTI JOIN ${INCOMING_TABLE} i ON ${keyMatchSql({ keys: writeKey, left: "s", right: "i" })}`;
          }
          const parts = [survivorsSelect, incomingSelect].filter((part): part is string => part !== undefined);
          onProgress?.(0.5, `writing ${hitFiles.length > 0 ? `and rewriting ${hitFiles.length} files` : "new files"}`);
          const written =
            parts.length === 0
              ? { adds: [], files: [] }
              : await writeDataFiles({
                  connection,
                  tablePath,
                  selectSql: `SELECT * FROM (${parts.join(" UNION ALL ")})${orderBy}`,
                  schema: snapshot.schema,
                  partitionColumns: snapshot.partitionColumns,
                  signal,
                });
          track(written.files);
          throwIfAborted(signal);
          // The moment a lost machine leaves behind mid-write: data files on disk, no commit referencing them.
          if (getEnv().LARDER_FAULT === "kill-before-delta-commit") process.kill(process.pid, "SIGKILL");
          onProgress?.(0.9, "committing");
          const writtenRows = written.adds.reduce(
            (total, add) => total + (parseFileStats(add.stats)?.numRecords ?? 0),
            0,
          );
          const hitRows = hitFiles.length > 0 ? await sumRecords(connection, snapshot, hitFiles) : 0;
          const incomingRows = mode === "delete" ? 0 : staged.rowCount;
          const survivors = writtenRows - incomingRows;
          const rowsUpdated = mode === "upsert" ? hitRows - survivors : 0;
          const metrics = {
            rowsInserted: incomingRows - rowsUpdated,
            rowsUpdated,
            rowsDeleted: mode === "delete" ? hitRows - survivors : 0,
            rowsRewritten: survivors,
            filesAdded: written.adds.length,
            filesRemoved: hitFiles.length,
          };
          if (mode === "delete" && hitFiles.length === 0 && !txn) {
            return { kind: "noop", result: { version: snapshot.version, ...metrics, alreadyCommitted: false } };
          }
          const now = Math.max(Date.now(), snapshot.timestamp + 1);
          const { operation, ...larderInfo } = params.commitInfo ?? {};
          const commitInfo: TCommitInfoAction = {
            timestamp: now,
            operation: operation ?? OPERATION_BY_MODE[mode],
            operationParameters: { mode, primaryKey: JSON.stringify(primaryKey), ...(eventTime ? { eventTime } : {}) },
            operationMetrics: Object.fromEntries(Object.entries(metrics).map(([key, value]) => [key, String(value)])),
            engineInfo: ENGINE_INFO,
            isBlindAppend: mode === "append",
            readVersion: snapshot.version,
            larder: { ...larderInfo, ...metrics },
          };
          const actions: TDeltaAction[] = [
            { commitInfo },
            ...(txn ? [{ txn: { appId: txn.appId, version: txn.version, lastUpdated: now } }] : []),
            ...written.adds.map((add) => ({ add })),
            ...hitFiles.map((file) => removeAction(file, { now, dataChange: true })),
          ];
          return {
            kind: "commit",
            actions,
            result: (version) => {
              onProgress?.(1, `committed version ${version}`);
              return { version, ...metrics, alreadyCommitted: false };
            },
          };
        },
      });
    } finally {
      await fs.rm(stagingDir, { recursive: true, force: true });
    }
  });
};
