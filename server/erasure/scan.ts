import "server-only";
import {
  assertVersionReadable,
  type DuckDBConnection,
  DeltaVersionNotFoundError,
  featureTypeToDuckDb,
  fileListLiteral,
  inventoryTable,
  queryJsonRows,
  quoteIdent,
  quoteLiteral,
  readTable,
} from "../offline";
import { canonicalTextSql, erasureKeyDigestSql } from "../ingest/erasure-filter";
import type { TFeatureType } from "@/lib/api/feature-groups";

// Finding a request's keys in one feature group's table, with DuckDB: in the latest version, in older files still on
// disk, in the log's per-file statistics — and in a version a training dataset pinned. Keys are joined as a typed
// temp table (a hash join: the erasure of 100 keys reads a 10 M-row table once), never by hashing every row.

/** A request's keys as one group sees them: its key columns with their types there, and each key's texts. */
export type TGroupKeys = { keyColumns: string[]; keyTypes: TFeatureType[]; texts: string[][]; digests: string[] };

const KEYS_TABLE = "_larder_erased_keys";
// Value texts collected from the erased rows: enough to find them in logs; a row set larger than this is a bulk
// delete, whose values are redacted by their keys' texts only.
const MAX_VALUE_TEXTS = 10_000;
// Full primary keys collected for the online store (a key column that is only part of the primary key).
const MAX_ONLINE_KEYS = 1_000_000;

/** Creates the typed temp table of the keys on `connection`. */
const createKeysTable = async (connection: DuckDBConnection, keys: TGroupKeys) => {
  const columns = keys.keyColumns.map((_, index) => `c${index}`);
  const values = keys.texts.map((texts) => `(${texts.map(quoteLiteral).join(", ")})`).join(", ");
  const casts = keys.keyColumns
    .map((name, index) => `CAST(c${index} AS ${featureTypeToDuckDb(keys.keyTypes[index])}) AS ${quoteIdent(name)}`)
    .join(", ");
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${KEYS_TABLE} AS SELECT DISTINCT ${casts} FROM (VALUES ${values}) AS v(${columns.join(", ")})`,
  );
};

/** `t SEMI JOIN keys`: the rows of relation `t` holding a key (the keys table must exist on the connection). */
const matchingRowsSql = (relation: string, keys: TGroupKeys) =>
  `(SELECT t.* FROM ${relation} AS t SEMI JOIN ${KEYS_TABLE} AS k ON ${keys.keyColumns
    .map((name) => `t.${quoteIdent(name)} = k.${quoteIdent(name)}`)
    .join(" AND ")})`;

/** The predicate "this row holds one of the keys", over unqualified columns (a pinned source's `where` negates it). */
export const holdsKeySql = (keys: TGroupKeys, qualifier = "") =>
  `coalesce(${erasureKeyDigestSql(
    keys.keyColumns.map((name, index) => ({ sql: `${qualifier}${quoteIdent(name)}`, type: keys.keyTypes[index] })),
  )} IN (${keys.digests.map(quoteLiteral).join(", ")}), false)`;

const countRows = async (connection: DuckDBConnection, relation: string) =>
  Number((await queryJsonRows(connection, `SELECT count(*) AS n FROM ${relation} AS r`))[0].n);

export type TGroupScan = {
  version: number;
  liveRows: number;
  historyRows: number | null;
  statisticsHoldKeys: boolean;
  liveFiles: number;
  dataFiles: number;
  onlineKeys: string[][];
  valueTexts: string[];
};

/** Where a group's table holds the keys: latest version, older files on disk, logged file statistics. */
export const scanGroup = async ({
  connection,
  tablePath,
  keys,
  features,
  primaryKey,
}: {
  connection: DuckDBConnection;
  tablePath: string;
  keys: TGroupKeys;
  features: { name: string; type: TFeatureType }[];
  primaryKey: string[];
}): Promise<TGroupScan> => {
  await createKeysTable(connection, keys);
  const inventory = await inventoryTable({ tablePath });
  const live = await readTable({ tablePath, asOf: { version: inventory.version }, connection });
  const liveMatches = matchingRowsSql(live.sql, keys);
  const liveRows = await countRows(connection, liveMatches);
  const liveSet = new Set(inventory.liveFiles);
  const older = inventory.dataFiles.filter((file) => !liveSet.has(file));
  let historyRows: number | null = 0;
  let olderMatches: string | null = null;
  if (older.length > 0) {
    if (keys.keyColumns.some((column) => inventory.partitionColumns.includes(column))) historyRows = null;
    else {
      olderMatches = matchingRowsSql(`read_parquet(${fileListLiteral(older)}, union_by_name = true)`, keys);
      historyRows = await countRows(connection, olderMatches).catch(() => null);
      if (historyRows === null) olderMatches = null;
    }
  }
  const texts = new Set(keys.texts.map((keyTexts) => keyTexts.join("|")));
  const statisticsHoldKeys =
    keys.keyColumns.length === 1 &&
    inventory.statistics.some((stats) =>
      [stats.minValues, stats.maxValues].some((bound) => {
        const value = bound?.[keys.keyColumns[0]];
        return value !== undefined && value !== null && texts.has(String(value));
      }),
    );
  // What the erased rows are: their full keys (online) and every value as text (to find in logs), latest and older.
  const matched = [liveMatches, ...(olderMatches ? [olderMatches] : [])];
  const typeOf = new Map(features.map((feature) => [feature.name, feature.type]));
  const onlineKeys: string[][] = [];
  const valueTexts = new Set<string>(keys.texts.flat());
  for (const relation of matched) {
    const available = new Set(
      (await queryJsonRows(connection, `DESCRIBE SELECT * FROM ${relation} AS r`)).map((row) =>
        String(row.column_name),
      ),
    );
    if (primaryKey.every((column) => available.has(column))) {
      const keySql = primaryKey.map(
        (column, index) => `${canonicalTextSql(typeOf.get(column)!, `r.${quoteIdent(column)}`)} AS k${index}`,
      );
      for (const row of await queryJsonRows(
        connection,
        `SELECT DISTINCT ${keySql.join(", ")} FROM ${relation} AS r LIMIT ${MAX_ONLINE_KEYS}`,
      ))
        onlineKeys.push(primaryKey.map((_, index) => String(row[`k${index}`])));
    }
    const columns = features.filter((feature) => available.has(feature.name) && feature.type !== "array<float>");
    if (columns.length === 0) continue;
    const list = columns.map((feature) => canonicalTextSql(feature.type, `r.${quoteIdent(feature.name)}`)).join(", ");
    for (const row of await queryJsonRows(
      connection,
      `SELECT DISTINCT v FROM (SELECT unnest([${list}]) AS v FROM ${relation} AS r) WHERE v IS NOT NULL LIMIT ${MAX_VALUE_TEXTS}`,
    ))
      valueTexts.add(String(row.v));
  }
  const uniqueKeys = [...new Map(onlineKeys.map((key) => [JSON.stringify(key), key])).values()];
  return {
    version: inventory.version,
    liveRows,
    historyRows,
    statisticsHoldKeys,
    liveFiles: inventory.liveFiles.length,
    dataFiles: inventory.dataFiles.length,
    onlineKeys: uniqueKeys,
    valueTexts: [...valueTexts],
  };
};

/**
 * Does `version` of a group's table hold the keys? "unknown" when that version can no longer be read (vacuumed).
 * The keys table must exist on the connection (createKeysTable).
 */
export const versionHoldsKeys = async ({
  connection,
  tablePath,
  version,
  keys,
}: {
  connection: DuckDBConnection;
  tablePath: string;
  version: number;
  keys: TGroupKeys;
}): Promise<"yes" | "no" | "unknown"> => {
  await createKeysTable(connection, keys);
  try {
    await assertVersionReadable({ tablePath, version, connection });
    const relation = await readTable({ tablePath, asOf: { version }, connection });
    return (await countRows(connection, matchingRowsSql(relation.sql, keys))) > 0 ? "yes" : "no";
  } catch (error) {
    if (error instanceof DeltaVersionNotFoundError) return "unknown";
    throw error;
  }
};

/**
 * Do a training dataset's own files hold the keys? Asked of one whose pinned commits can no longer be read (a version
 * an earlier erasure re-created): "unknown" when its files lack a key column or cannot be read.
 */
export const datasetFilesHoldKeys = async ({
  connection,
  files,
  format,
  keys,
}: {
  connection: DuckDBConnection;
  files: string[];
  format: string;
  keys: TGroupKeys;
}): Promise<"yes" | "no" | "unknown"> => {
  if (files.length === 0) return "unknown";
  const list = fileListLiteral(files);
  const relation =
    format === "csv"
      ? `read_csv(${list}, header = true, all_varchar = true, union_by_name = true)`
      : `read_parquet(${list}, union_by_name = true)`;
  try {
    const columns = new Set(
      (await queryJsonRows(connection, `DESCRIBE SELECT * FROM ${relation}`)).map((row) => String(row.column_name)),
    );
    if (!keys.keyColumns.every((column) => columns.has(column))) return "unknown";
    const digest = erasureKeyDigestSql(
      keys.keyColumns.map((name, index) => ({
        sql: `TRY_CAST(t.${quoteIdent(name)} AS ${featureTypeToDuckDb(keys.keyTypes[index])})`,
        type: keys.keyTypes[index],
      })),
    );
    const [{ n }] = await queryJsonRows(
      connection,
      `SELECT count(*) AS n FROM ${relation} AS t WHERE coalesce(${digest} IN (${keys.digests.map(quoteLiteral).join(", ")}), false)`,
    );
    return Number(n) > 0 ? "yes" : "no";
  } catch {
    return "unknown";
  }
};
