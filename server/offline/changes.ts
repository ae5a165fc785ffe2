import "server-only";

import { type TCommitInfoAction, fileActionKey } from "./delta-actions";
import { type TDuckDbSettings, type DuckDBConnection, queryJsonRows, quoteIdent, withDuckDb } from "./duckdb";
import { DeltaVersionNotFoundError } from "./errors";
import { keyMatchSql } from "./incoming";
import { listDeltaLog } from "./log-store";
import { validateTablePath } from "./paths";
import { buildScanSql } from "./scan";
import { loadSnapshot, readCommitTimestamp } from "./snapshot";
import { TABLE_CONFIG } from "./table-config";
import { explainMissingFiles } from "./vacuumed";

type TChangeType = "insert" | "delete" | "update_preimage" | "update_postimage";
export const CHANGE_TYPE_COLUMN = "_change_type";

/**
 * Row-level changes between two versions (made by commits fromVersion+1 … toVersion) as a SQL relation with
 * the table's columns plus `_change_type`. Rows are the multiset difference of the rows in files added and
 * in files removed, so rows merely copied by a copy-on-write rewrite or a compaction cancel out. A key
 * (primary key + event time) that is both removed and added is an update (pre- and post-image).
 */
export const readChanges = async ({
  tablePath: rawTablePath,
  storageRoot,
  fromVersion,
  toVersion,
  connection,
  duckdb,
}: {
  tablePath: string;
  storageRoot?: string;
  fromVersion: number;
  toVersion?: number;
  connection?: DuckDBConnection;
  duckdb?: TDuckDbSettings;
}): Promise<{ sql: string; fromVersion: number; toVersion: number }> => {
  const tablePath = validateTablePath({ tablePath: rawTablePath, storageRoot });
  const run = async (conn: DuckDBConnection) => {
    const to = await loadSnapshot({
      tablePath,
      asOf: toVersion === undefined ? undefined : { version: toVersion },
      connection: conn,
    });
    if (fromVersion > to.version) {
      throw new DeltaVersionNotFoundError({
        tablePath,
        detail: `fromVersion ${fromVersion} is after toVersion ${to.version}`,
      });
    }
    const from = await loadSnapshot({ tablePath, asOf: { version: fromVersion }, connection: conn });
    const fromKeys = new Set(from.files.map(fileActionKey));
    const toKeys = new Set(to.files.map(fileActionKey));
    const added = to.files.filter((file) => !fromKeys.has(fileActionKey(file)));
    const removed = from.files.filter((file) => !toKeys.has(fileActionKey(file)));
    const source = { tablePath, schema: to.schema, partitionColumns: to.partitionColumns };
    // Each side reads as it read at its own version: a removed file lacking a column reads that column's default
    // only if the column (with its default) existed at fromVersion, else NULL. So the commit that added a column
    // and wrote its default into old rows shows them as updated, as every other reader sees it.
    const fromFields = new Map(from.schema.fields.map((field) => [field.name, field]));
    const fromSchema = {
      ...to.schema,
      fields: to.schema.fields.map((field) => ({ ...field, metadata: fromFields.get(field.name)?.metadata ?? {} })),
    };
    // Files removed after fromVersion belong to it; files added up to toVersion to that one: a vacuumed file
    // names the version that can no longer be read.
    const addedScan = await explainMissingFiles({
      tablePath,
      version: to.version,
      files: added,
      connection: conn,
      read: () => buildScanSql({ connection: conn, source: { ...source, files: added } }),
    });
    const removedScan = await explainMissingFiles({
      tablePath,
      version: fromVersion,
      files: removed,
      connection: conn,
      read: () => buildScanSql({ connection: conn, source: { ...source, schema: fromSchema, files: removed } }),
    });
    const configuration = to.metaData.configuration ?? {};
    const primaryKey: string[] = configuration[TABLE_CONFIG.primaryKey]
      ? JSON.parse(configuration[TABLE_CONFIG.primaryKey])
      : [];
    const eventTime = configuration[TABLE_CONFIG.eventTime];
    const keys = primaryKey.length > 0 ? [...primaryKey, ...(eventTime ? [eventTime] : [])] : [];
    const classify = (rows: string, others: string, updated: TChangeType, plain: TChangeType) => {
      if (keys.length === 0) return `SELECT *, '${plain}' AS ${CHANGE_TYPE_COLUMN} FROM ${rows}`;
      const keyList = keys.map(quoteIdent).join(", ");
      return (
        `SELECT r.*, CASE WHEN o._larder_hit THEN '${updated}' ELSE '${plain}' END AS ${CHANGE_TYPE_COLUMN} FROM ${rows} r ` +
        `LEFT JOIN (SELECT DISTINCT ${keyList}, true AS _larder_hit FROM ${others}) o ON ${keyMatchSql({ keys, left: "r", right: "o" })}`
      );
    };
    const sql =
      `(WITH _added AS (SELECT * FROM ${addedScan}), _removed AS (SELECT * FROM ${removedScan}), ` +
      `_ins AS (SELECT * FROM _added EXCEPT ALL SELECT * FROM _removed), ` +
      `_del AS (SELECT * FROM _removed EXCEPT ALL SELECT * FROM _added) ` +
      `${classify("_ins", "_del", "update_postimage", "insert")} UNION ALL ${classify("_del", "_ins", "update_preimage", "delete")})`;
    return { sql, fromVersion, toVersion: to.version };
  };
  return connection ? run(connection) : withDuckDb(duckdb, run);
};

/** Change rows (JSON-safe) between two versions, at most `limit`. */
export const readChangeRows = async ({
  limit = 10_000,
  duckdb,
  ...params
}: Parameters<typeof readChanges>[0] & { limit?: number }): Promise<Record<string, unknown>[]> =>
  withDuckDb(duckdb, async (connection) => {
    const { sql } = await readChanges({ ...params, connection });
    return queryJsonRows(connection, `SELECT * FROM ${sql} AS c LIMIT ${Math.max(0, Math.floor(limit))}`);
  });

export type TCommitSummary = {
  version: number;
  timestamp: number;
  operation: string;
  operationParameters: Record<string, string>;
  /** Larder's metrics (rows inserted/updated/deleted …) when we wrote the commit, else Delta's operationMetrics. */
  metrics: Record<string, unknown>;
  jobId?: string;
  userId?: string;
};

/** The table's history, newest first (commits whose JSON file is still in the log). */
export const listCommits = async ({
  tablePath: rawTablePath,
  storageRoot,
}: {
  tablePath: string;
  storageRoot?: string;
}): Promise<TCommitSummary[]> => {
  const tablePath = validateTablePath({ tablePath: rawTablePath, storageRoot });
  const listing = await listDeltaLog(tablePath);
  const versions = [...listing.commits.keys()].sort((a, b) => b - a);
  return Promise.all(
    versions.map(async (version) => {
      const { timestamp, commitInfo } = await readCommitTimestamp(listing.commits.get(version)!);
      const info: Partial<TCommitInfoAction> = commitInfo ?? {};
      const larder = info.larder ?? {};
      return {
        version,
        timestamp,
        operation: info.operation ?? "UNKNOWN",
        operationParameters: info.operationParameters ?? {},
        metrics: Object.keys(larder).length > 0 ? larder : (info.operationMetrics ?? {}),
        jobId: typeof larder.jobId === "string" ? larder.jobId : undefined,
        userId: typeof larder.userId === "string" ? larder.userId : undefined,
      };
    }),
  );
};
