import "server-only";
import { quoteIdent, quoteLiteral, type DuckDBConnection } from "../offline";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { keyFeatures, valueFeatures } from "./codec";
import type { TOnlineGroup, TOnlineWriteRow } from "./types";

// Reads rows for the online store out of DuckDB relations over the Delta table: the latest row per primary key,
// projected to canonical text (codec.ts) in SQL, because DuckDB formats values faster than JS would and the
// stores then move strings without looking at types.

const DUCKDB_TYPES: Record<TFeatureType, string> = {
  int: "INTEGER",
  bigint: "BIGINT",
  float: "FLOAT",
  double: "DOUBLE",
  string: "VARCHAR",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMPTZ",
  "array<float>": "FLOAT[]",
};

// A bigint event time is read as Unix epoch seconds (as Hopsworks does); date and timestamp as UTC instants.
const MICROS_PER_SECOND = 1_000_000;

const textSql = (type: TFeatureType, column: string) => (type === "timestamp" ? `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%fZ')` : `CAST(${column} AS VARCHAR)`);

/** The event time of a row in epoch microseconds (0 without an event-time column: last write wins). */
export const eventTimeUsSql = (group: TOnlineGroup, alias = "fg") => {
  if (!group.eventTime) return "0";
  const type = group.features.find((feature) => feature.name === group.eventTime)?.type;
  const column = `${alias}.${quoteIdent(group.eventTime)}`;
  return type === "bigint" ? `(${column} * ${MICROS_PER_SECOND})` : `epoch_us(CAST(${column} AS TIMESTAMPTZ))`;
};

/** `fg.k1 = o.k1 AND …` over the primary key. Key columns are never NULL (ingest requires them). */
export const keyMatchSql = (group: TOnlineGroup, left: string, right: string) => group.primaryKey.map((name) => `${left}.${quoteIdent(name)} = ${right}.${quoteIdent(name)}`).join(" AND ");

/** Rows strictly after `key` in primary-key order (typed comparison), for resuming a scan. */
const afterKeySql = (group: TOnlineGroup, key: string[], alias: string) => {
  const columns = keyFeatures(group).map((feature, index) => ({ column: `${alias}.${quoteIdent(feature.name)}`, value: `CAST(${quoteLiteral(key[index])} AS ${DUCKDB_TYPES[feature.type]})` }));
  const terms = columns.map((_, depth) => [...columns.slice(0, depth).map(({ column, value }) => `${column} = ${value}`), `${columns[depth].column} > ${columns[depth].value}`].join(" AND "));
  return `(${terms.map((term) => `(${term})`).join(" OR ")})`;
};

/**
 * The latest row per key of `relationSql` (rows filtered by `where`), in key order, as online write rows.
 * A max-per-key aggregate joined back (rather than a row_number() window): both the hash aggregate and the join
 * spill to disk, so a 10 M-row group fits DuckDB's memory limit (the window did not). Rows are unique on
 * key + event time (the writer's upsert rule), so the join yields one row per key.
 */
export const latestRowsSql = ({ group, relationSql, where = [], afterKey }: { group: TOnlineGroup; relationSql: string; where?: string[]; afterKey?: string[] | null }) => {
  const filters = [...where, ...(afterKey ? [afterKeySql(group, afterKey, "fg")] : [])];
  const filtered = `(SELECT fg.*, CAST(${eventTimeUsSql(group)} AS DOUBLE) AS _larder_t FROM ${relationSql} AS fg ${filters.length ? `WHERE ${filters.join(" AND ")}` : ""})`;
  const keyList = group.primaryKey.map((name) => `f.${quoteIdent(name)}`).join(", ");
  const latest = group.eventTime
    ? `SELECT l.* FROM ${filtered} AS l SEMI JOIN (SELECT ${keyList}, max(f._larder_t) AS _larder_max FROM ${filtered} AS f GROUP BY ${keyList}) AS m ON ${keyMatchSql(group, "l", "m")} AND l._larder_t = m._larder_max`
    : `SELECT * FROM ${filtered}`;
  const projection = [...keyFeatures(group).map((feature) => textSql(feature.type, `l.${quoteIdent(feature.name)}`)), "l._larder_t", ...valueFeatures(group).map((feature) => textSql(feature.type, `l.${quoteIdent(feature.name)}`))];
  return `SELECT ${projection.join(", ")} FROM (${latest}) AS l ORDER BY ${group.primaryKey.map((name) => `l.${quoteIdent(name)}`).join(", ")}`;
};

/** Streams a query of latestRowsSql's shape in chunks of about `chunkRows`. */
export async function* streamWriteRows({ connection, group, sql, chunkRows }: { connection: DuckDBConnection; group: TOnlineGroup; sql: string; chunkRows: number }): AsyncGenerator<TOnlineWriteRow[]> {
  const keyCount = group.primaryKey.length;
  const result = await connection.stream(sql);
  let buffer: TOnlineWriteRow[] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const columns = chunk.getColumns() as unknown[][];
    for (let row = 0; row < chunk.rowCount; row++) {
      const key: string[] = new Array(keyCount);
      for (let index = 0; index < keyCount; index++) key[index] = columns[index][row] as string;
      const values: (string | null)[] = new Array(columns.length - keyCount - 1);
      for (let index = keyCount + 1; index < columns.length; index++) values[index - keyCount - 1] = columns[index][row] as string | null;
      buffer.push({ key, eventTimeUs: columns[keyCount][row] as number, values });
    }
    while (buffer.length >= chunkRows) {
      yield buffer.slice(0, chunkRows);
      buffer = buffer.slice(chunkRows);
    }
  }
  if (buffer.length > 0) yield buffer;
}

/** Distinct keys (canonical text) of a relation, streamed in chunks: for deletes. */
export async function* streamKeys({ connection, group, sql, chunkRows }: { connection: DuckDBConnection; group: TOnlineGroup; sql: string; chunkRows: number }): AsyncGenerator<string[][]> {
  const projection = keyFeatures(group).map((feature) => textSql(feature.type, `k.${quoteIdent(feature.name)}`)).join(", ");
  const result = await connection.stream(`SELECT ${projection} FROM (${sql}) AS k`);
  let buffer: string[][] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const columns = chunk.getColumns() as string[][];
    for (let row = 0; row < chunk.rowCount; row++) buffer.push(columns.map((column) => column[row]));
    if (buffer.length >= chunkRows) {
      yield buffer;
      buffer = [];
    }
  }
  if (buffer.length > 0) yield buffer;
}

export const eventTimeRangeSql = ({ group, start, end }: { group: TOnlineGroup; start?: string; end?: string }) => {
  const us = eventTimeUsSql(group);
  return [...(start ? [`${us} >= ${Date.parse(start) * 1000}`] : []), ...(end ? [`${us} < ${Date.parse(end) * 1000}`] : [])];
};
