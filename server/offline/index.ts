import "server-only";

/**
 * Offline store: Delta Lake tables (protocol reader 1 / writer 2) of Parquet files, written and read with
 * DuckDB; the `_delta_log/` is our own code. No registry dependency: callers pass table paths and schemas.
 * See docs/offline-store.md for the design (log layout, concurrency, copy-on-write upserts, limits).
 *
 * Tables
 *   createDeltaTable({ tablePath, schema: FeatureColumn[], partitionColumns?, primaryKey?, eventTime?, name?, description? })
 *     → { version: 0, tableId }
 *   evolveSchema({ tablePath, addColumns: [{ name, type, default?, description? }] }) → { version }
 *   deleteTable({ tablePath })
 *
 * Writes (one Delta commit each; idempotent with txn; serialized per table in-process, optimistic across processes)
 *   writeCommit({ tablePath, mode: "append"|"upsert"|"delete", sourceSql | sourceParquetFiles, primaryKey?, eventTime?,
 *                 txn?: { appId, version }, commitInfo?: { jobId?, userId?, operation?, … }, onProgress?, signal? })
 *     → { version, rowsInserted, rowsUpdated, rowsDeleted, rowsRewritten, filesAdded, filesRemoved, alreadyCommitted }
 *
 * Reads
 *   readTable({ tablePath, asOf?: { version } | { timestamp }, columns?, where?, limit?, rowId?, connection? })
 *     → { sql, version, timestamp, columns, partitionColumns, numFiles }   (sql: a relation for `FROM ${sql} AS t`)
 *   readRows({ …readTable params, limit = 100, orderBy? }) → { rows, version, columns }
 *   readChanges({ tablePath, fromVersion, toVersion? }) → { sql, fromVersion, toVersion }   (rows + _change_type)
 *   readChangeRows({ …readChanges params, limit? }) → rows
 *   listCommits({ tablePath }) → CommitSummary[] (newest first)
 *   loadSnapshot({ tablePath, asOf? }) → DeltaSnapshot (live files, schema, protocol, txn versions)
 *
 * Event times (one unit for every room: bigint = epoch milliseconds)
 *   eventTimeInstantSql({ expression, type }) → TIMESTAMPTZ SQL;  eventTimeMicrosSql(…) → epoch µs SQL
 *
 * Maintenance
 *   compactTable({ tablePath, targetFileSizeBytes? }) → { version, filesAdded, filesRemoved }
 *   vacuumTable({ tablePath, retentionMs, dryRun? }) → { deletedFiles }
 *
 * Every operation accepts `storageRoot` (the table must lie inside it) and `duckdb: { memoryLimit, threads }`.
 */

export { createDeltaTable, deleteTable, evolveSchema, type NewColumn } from "./table-admin";
export {
  writeCommit,
  type WriteCommitParams,
  type WriteCommitResult,
  type WriteMode,
  type ProgressCallback,
} from "./write-commit";
export { readTable, readRows, type ReadTableParams, type TableRelation, DEFAULT_PREVIEW_LIMIT } from "./read-table";
export { ROW_ID_COLUMN } from "./scan";
export {
  readChanges,
  readChangeRows,
  listCommits,
  type CommitSummary,
  type ChangeType,
  CHANGE_TYPE_COLUMN,
} from "./changes";
export { compactTable, vacuumTable, DEFAULT_TARGET_FILE_SIZE_BYTES } from "./maintenance";
export { loadSnapshot, type AsOf, type DeltaSnapshot } from "./snapshot";
export {
  FEATURE_TYPES,
  type FeatureColumn,
  type FeatureType,
  deltaTypeName,
  featureTypeToDuckDb,
} from "./delta-schema";
export {
  openDuckDb,
  withDuckDb,
  quoteIdent,
  quoteLiteral,
  queryJsonRows,
  fileListLiteral,
  type DuckDbSettings,
  type DuckDBConnection,
} from "./duckdb";
export { resolveTablePath, validateTablePath } from "./paths";
export {
  EVENT_TIME_TYPES,
  type TEventTimeType,
  isEventTimeType,
  eventTimeInstantSql,
  eventTimeMicrosSql,
} from "./event-time";
export {
  DeltaConflictError,
  DeltaTableExistsError,
  DeltaTableNotFoundError,
  DeltaVersionNotFoundError,
  InvalidTablePathError,
  OfflineStoreInputError,
  OperationAbortedError,
  UnsupportedDeltaTableError,
} from "./errors";
