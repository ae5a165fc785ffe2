import "server-only";

/**
 * Offline store: Delta Lake tables (protocol reader 1 / writer 2) of Parquet files, written and read with
 * DuckDB; the `_delta_log/` is our own code. No registry dependency: callers pass table paths and schemas.
 * See docs/offline-store.md for the design (log layout, concurrency, copy-on-write upserts, limits).
 *
 * Tables
 *   createDeltaTable({ tablePath, schema: TFeatureColumn[], partitionColumns?, primaryKey?, eventTime?, name?, description? })
 *     → { version: 0, tableId }
 *   evolveSchema({ tablePath, addColumns: [{ name, type, default?, description? }] }) → { version, rowsBackfilled }
 *     (a default is written into every existing row in the same commit: every reader sees it)
 *   backfillDefaults({ tablePath }) → { version, rowsBackfilled }   (tables evolved before defaults were written)
 *   deleteTable({ tablePath })
 *
 * Writes (one Delta commit each; idempotent with txn; serialized per table in-process, optimistic across processes)
 *   writeCommit({ tablePath, mode: "append"|"upsert"|"delete", sourceSql | sourceParquetFiles, primaryKey?, eventTime?,
 *                 txn?: { appId, version }, commitInfo?: { jobId?, userId?, operation?, … }, onProgress?, signal? })
 *     → { version, rowsInserted, rowsUpdated, rowsDeleted, rowsRewritten, filesAdded, filesRemoved, alreadyCommitted }
 *     beforeCommit?({ connection, loadSql, visibleAfterSql(columns) }) runs on the staged load before anything is
 *     written (upserts, appends); throwing refuses the write — the ingest's data validation runs there
 *   regexPatternError(pattern) → DuckDB's (RE2) complaint about a regular expression, or null
 *
 * Reads
 *   readTable({ tablePath, asOf?: { version } | { timestamp }, columns?, where?, limit?, rowId?, connection? })
 *     → { sql, version, timestamp, columns, partitionColumns, numFiles }   (sql: a relation for `FROM ${sql} AS t`)
 *   readRows({ …readTable params, limit = 100, orderBy?, descending?, equals?: { column, value } })
 *     → { rows, version, columns, rowCount }   (rowCount: matching rows in that snapshot, not only those returned)
 *   readChanges({ tablePath, fromVersion, toVersion? }) → { sql, fromVersion, toVersion }   (rows + _change_type)
 *   readChangeRows({ …readChanges params, limit? }) → rows
 *   listCommits({ tablePath }) → TCommitSummary[] (newest first)
 *   loadSnapshot({ tablePath, asOf? }) → TDeltaSnapshot (live files, schema, protocol, txn versions)
 *   findCommittedTxn({ tablePath, txn }) → the write result of the commit carrying txn, or null
 *   assertVersionReadable({ tablePath, version })   (throws DeltaVersionVacuumedError when vacuum deleted its files)
 *   Reads of a vacuumed version throw DeltaVersionVacuumedError { version, oldestReadableVersion }
 *
 * Statistics (docs/statistics.md)
 *   describeRelation({ source: { tablePath, asOf?, where? } | { relationSql }, columns: [{ name, kind }], options })
 *     → { rowCount, columns: per-column counts, moments, percentiles, histogram/top values, correlations }
 *
 * Event times (one unit for every room: bigint = epoch milliseconds)
 *   eventTimeInstantSql({ expression, type }) → TIMESTAMPTZ SQL;  eventTimeMicrosSql(…) → epoch µs SQL
 *   eventTimeNotBeforeSql({ expression, type, instant }) → SQL TRUE when the event time is at or after the instant
 *
 * Maintenance
 *   compactTable({ tablePath, targetFileSizeBytes? }) → { version, filesAdded, filesRemoved }
 *   vacuumTable({ tablePath, retentionMs, dryRun? }) → { deletedFiles }
 *   purgeHistory({ tablePath }) → { version, dataFilesDeleted, logFilesDeleted, liveFiles }   (the latest version
 *     becomes the only one: older files, log entries and checkpoints are deleted; reads of older versions throw
 *     DeltaVersionVacuumedError with purged: true. Erasure's step after its delete commit.)
 *   inventoryTable({ tablePath }) → { version, liveFiles, dataFiles, partitionColumns, statistics, logFiles }
 *     (every data file on disk, live or not, and every logged add's min/max statistics: where a value can still be)
 *   tableFootprint({ tablePath }) → { version, liveFiles, liveBytes, historyFiles, historyBytes }   (usage reports:
 *     live = the latest snapshot's add sizes, history = Parquet files on disk it does not reference; no data read)
 *
 * Every operation accepts `storageRoot` (the table must lie inside it) and `duckdb: { memoryLimit, threads }`.
 */

export { createDeltaTable, deleteTable } from "./table-admin";
export { evolveSchema, backfillDefaults } from "./schema-evolution";
export { writeCommit, type TWriteCommitResult, type TStagedLoad } from "./write-commit";
export { readTable, readRows, type TReadTableParams } from "./read-table";
export { ROW_ID_COLUMN } from "./scan";
export { readChanges, readChangeRows, listCommits, CHANGE_TYPE_COLUMN } from "./changes";
export { compactTable, vacuumTable, DEFAULT_TARGET_FILE_SIZE_BYTES } from "./maintenance";
export { loadSnapshot } from "./snapshot";
export { purgeHistory, inventoryTable } from "./purge-history";
export { tableFootprint } from "./footprint";
export {
  describeRelation,
  type TStatisticsColumnKind,
  type TStatisticsOptions,
  type TRelationStatistics,
  type TColumnStatistics,
} from "./statistics";
export { type TFeatureColumn, type TFeatureType, featureTypeToDuckDb } from "./delta-schema";
export { assertVersionReadable } from "./vacuumed";
export { findCommittedTxn } from "./txn";
export {
  withDuckDb,
  quoteIdent,
  quoteLiteral,
  queryJsonRows,
  fileListLiteral,
  regexPatternError,
  type TDuckDbSettings,
  type DuckDBConnection,
} from "./duckdb";
export { resolveTablePath, STAGING_DIR } from "./paths";
export {
  EVENT_TIME_TYPES,
  type TEventTimeType,
  isEventTimeType,
  eventTimeInstantSql,
  eventTimeNotBeforeSql,
  eventTimeMicrosSql,
} from "./event-time";
export {
  utcTimestampSql,
  DATE_PATTERN,
  TIMESTAMP_PATTERN,
  EPOCH_MS_PATTERN,
  TIMESTAMP_MIN_MS,
  TIMESTAMP_MAX_MS,
} from "./timestamp-text";
export {
  DeltaTableNotFoundError,
  DeltaVersionNotFoundError,
  DeltaVersionVacuumedError,
  InvalidTablePathError,
  OfflineStoreInputError,
  OperationAbortedError,
  UnsupportedDeltaTableError,
} from "./errors";
