import "server-only";

import type { TAddAction } from "./delta-actions";
import { deltaTypeName } from "./delta-schema";
import {
  type TDuckDbSettings,
  type DuckDBConnection,
  queryJsonRows,
  quoteIdent,
  quoteLiteral,
  withDuckDb,
} from "./duckdb";
import { OfflineStoreInputError } from "./errors";
import { buildScanSql } from "./scan";
import { type TAsOf, type TDeltaSnapshot, loadSnapshot } from "./snapshot";
import { explainMissingFiles } from "./vacuumed";

// Preview reads return at most this many rows unless the caller asks for fewer; a preview is for eyes.
const DEFAULT_PREVIEW_LIMIT = 100;
const MAX_PREVIEW_LIMIT = 10_000;

export type TReadTableParams = {
  tablePath: string;
  storageRoot?: string;
  asOf?: TAsOf;
  columns?: string[];
  limit?: number;
  /** A SQL predicate over the table's columns. Raw SQL: only server code may build it, never user text. */
  where?: string;
  /** Add `_larder_rid`, a BIGINT unique to each row and stable across scans of the same snapshot. */
  rowId?: boolean;
  /** Run the footer probe on this connection (the one that will run the relation); else a temporary one. */
  connection?: DuckDBConnection;
  duckdb?: TDuckDbSettings;
};

export type TTableRelation = {
  /** A parenthesized SELECT; use as `SELECT … FROM ${sql} AS fg`. Valid as long as the files exist. */
  sql: string;
  version: number;
  timestamp: number;
  columns: { name: string; type: string }[];
  partitionColumns: string[];
  numFiles: number;
  /** The snapshot's live files (add actions, with their stats when the writer recorded them). */
  files: TAddAction[];
};

const relationFromSnapshot = async ({
  connection,
  snapshot,
  columns,
  where,
  limit,
  rowId,
}: {
  connection: DuckDBConnection;
  snapshot: TDeltaSnapshot;
  columns?: string[];
  where?: string;
  limit?: number;
  rowId?: boolean;
}): Promise<TTableRelation> => {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new OfflineStoreInputError({ field: "limit", message: "limit must be a non-negative integer" });
  }
  // The scan probes every file's footer, so a version whose files were vacuumed fails here, and is named.
  const scan = await explainMissingFiles({
    tablePath: snapshot.tablePath,
    version: snapshot.version,
    files: snapshot.files,
    connection,
    read: () => buildScanSql({ connection, source: snapshot, columns, includeRowId: rowId }),
  });
  const clauses = [where ? ` WHERE ${where}` : "", limit !== undefined ? ` LIMIT ${limit}` : ""].join("");
  const sql = clauses ? `(SELECT * FROM ${scan} AS _larder_scan${clauses})` : scan;
  const selected = columns ?? snapshot.schema.fields.map((field) => field.name);
  const types = new Map(snapshot.schema.fields.map((field) => [field.name, deltaTypeName(field.type)]));
  return {
    sql,
    version: snapshot.version,
    timestamp: snapshot.timestamp,
    columns: selected.map((name) => ({ name, type: types.get(name)! })),
    partitionColumns: snapshot.partitionColumns,
    numFiles: snapshot.files.length,
    files: snapshot.files,
  };
};

/**
 * A SQL relation over the table (latest, or as of a version/timestamp). Fast path: one read_parquet over
 * all live files, with hive partitioning when the directories spell the partition values exactly.
 */
export const readTable = async ({ connection, duckdb, ...params }: TReadTableParams): Promise<TTableRelation> => {
  const run = async (conn: DuckDBConnection) => {
    const snapshot = await loadSnapshot({
      tablePath: params.tablePath,
      storageRoot: params.storageRoot,
      asOf: params.asOf,
      connection: conn,
    });
    return relationFromSnapshot({
      connection: conn,
      snapshot,
      columns: params.columns,
      where: params.where,
      limit: params.limit,
      rowId: params.rowId,
    });
  };
  return connection ? run(connection) : withDuckDb(duckdb, run);
};

/** Rows for previews (JSON-safe: BIGINT and timestamps as strings), at most `limit` (default 100). */
export const readRows = async ({
  limit = DEFAULT_PREVIEW_LIMIT,
  orderBy,
  descending = false,
  equals,
  connection,
  duckdb,
  ...params
}: TReadTableParams & {
  orderBy?: string[];
  /** Sort by `orderBy` in descending order (every column of it). */
  descending?: boolean;
  /** Keep only rows whose column, read as text, equals the value (a key typed by a user: escaped here). */
  equals?: { column: string; value: string };
}): Promise<{
  rows: Record<string, unknown>[];
  version: number;
  columns: TTableRelation["columns"];
  /** Rows of the snapshot that match `equals` (all rows without it): the count as of the version read. */
  rowCount: number;
}> => {
  const capped = Math.min(limit, MAX_PREVIEW_LIMIT);
  const predicate = equals ? `CAST(${quoteIdent(equals.column)} AS VARCHAR) = ${quoteLiteral(equals.value)}` : "";
  const where = [params.where, predicate]
    .filter(Boolean)
    .map((clause) => `(${clause})`)
    .join(" AND ");
  const run = async (conn: DuckDBConnection) => {
    const relation = await readTable({ ...params, where: where || undefined, connection: conn });
    const direction = descending ? " DESC" : "";
    const order = orderBy?.length
      ? ` ORDER BY ${orderBy.map((column) => `${quoteIdent(column)}${direction}`).join(", ")}`
      : "";
    const rows = await queryJsonRows(conn, `SELECT * FROM ${relation.sql} AS t${order} LIMIT ${capped}`);
    const [counted] = await queryJsonRows(conn, `SELECT count(*)::VARCHAR AS n FROM ${relation.sql} AS t`);
    return { rows, version: relation.version, columns: relation.columns, rowCount: Number(counted.n) };
  };
  return connection ? run(connection) : withDuckDb(duckdb, run);
};
