import "server-only";

import path from "node:path";
import { COLUMN_DEFAULT_METADATA_KEY, type TDeltaStructType, defaultValueSql, deltaTypeToDuckDb } from "./delta-schema";
import { type DuckDBConnection, fileListLiteral, queryJsonRows, quoteIdent, quoteLiteral } from "./duckdb";
import { OfflineStoreInputError } from "./errors";

// View over the staged incoming batch, typed like the table and deduplicated on the write key.
export const INCOMING_TABLE = "_larder_incoming";

export type TWriteSource = { sourceSql?: string; sourceParquetFiles?: string[] };

/** The source as a SQL relation: a caller's SELECT/table function, or a list of Parquet files. */
export const sourceRelationSql = ({ sourceSql, sourceParquetFiles }: TWriteSource): string => {
  if (sourceSql !== undefined && sourceParquetFiles !== undefined) {
    throw new OfflineStoreInputError({
      field: "sourceSql",
      message: "Pass either sourceSql or sourceParquetFiles, not both",
    });
  }
  if (sourceParquetFiles !== undefined) {
    if (sourceParquetFiles.length === 0 || sourceParquetFiles.some((file) => !path.isAbsolute(file))) {
      throw new OfflineStoreInputError({
        field: "sourceParquetFiles",
        message: "Pass one or more absolute Parquet file paths",
      });
    }
    return `read_parquet(${fileListLiteral(sourceParquetFiles)})`;
  }
  if (!sourceSql || sourceSql.trim() === "") {
    throw new OfflineStoreInputError({
      field: "sourceSql",
      message: "A source (sourceSql or sourceParquetFiles) is required",
    });
  }
  // Trusted server code builds sourceSql (e.g. read_csv of a staged upload); it is wrapped as a subquery.
  return `(${sourceSql})`;
};

const describeColumns = async (connection: DuckDBConnection, relation: string): Promise<string[]> => {
  const rows = await queryJsonRows(connection, `DESCRIBE SELECT * FROM ${relation}`);
  return rows.map((row) => String(row.column_name));
};

export const keyMatchSql = ({ keys, left, right }: { keys: string[]; left: string; right: string }): string =>
  keys.map((key) => `${left}.${quoteIdent(key)} IS NOT DISTINCT FROM ${right}.${quoteIdent(key)}`).join(" AND ");

/**
 * Stages the incoming rows as a Parquet file typed like the table and exposes them as the view
 * `_larder_incoming`. A file, not a temp table: COPY streams under the memory limit and later scans read only
 * the key columns, where a 10M-row in-memory temp table would spill or run out of memory. Source columns must
 * exist in the schema; schema columns the source lacks get their default (or NULL). With `dedupKeys`,
 * duplicates on the key keep the last row in source order (Parquet row numbers keep that order). For deletes
 * only the `keyOnly` columns are kept.
 */
export const stageIncoming = async ({
  connection,
  relation,
  schema,
  dedupKeys,
  keyOnly,
  stagingDir,
}: {
  connection: DuckDBConnection;
  relation: string;
  schema: TDeltaStructType;
  dedupKeys?: string[];
  keyOnly?: string[];
  /** An empty directory owned by this write; the caller deletes it afterwards. */
  stagingDir: string;
}): Promise<{ rowCount: number; columns: string[]; loadFile: string }> => {
  const sourceColumns = await describeColumns(connection, relation);
  const present = new Set(sourceColumns);
  const fields = new Map(schema.fields.map((field) => [field.name, field]));
  const required = keyOnly ?? dedupKeys ?? [];
  for (const key of required) {
    if (!present.has(key))
      throw new OfflineStoreInputError({ field: key, message: `Source is missing key column ${JSON.stringify(key)}` });
  }
  if (!keyOnly) {
    for (const column of sourceColumns) {
      if (!fields.has(column)) {
        throw new OfflineStoreInputError({
          field: column,
          message: `Source column ${JSON.stringify(column)} is not in the table schema`,
        });
      }
    }
  }
  const targetFields = keyOnly ? keyOnly.map((key) => fields.get(key)!) : schema.fields;
  const projection = targetFields.map((field) => {
    const type = deltaTypeToDuckDb(field.type);
    const expression = present.has(field.name)
      ? `CAST(${quoteIdent(field.name)} AS ${type})`
      : defaultValueSql({ value: field.metadata?.[COLUMN_DEFAULT_METADATA_KEY] ?? null, type: field.type });
    return `${expression} AS ${quoteIdent(field.name)}`;
  });
  const rawFile = path.join(stagingDir, "incoming.parquet");
  const distinct = keyOnly ? "DISTINCT " : "";
  // Snappy, not zstd: this file is read once or twice and deleted, so write speed matters more than size.
  await connection.run(
    `COPY (SELECT ${distinct}${projection.join(", ")} FROM ${relation}) TO ${quoteLiteral(rawFile)} (FORMAT parquet, COMPRESSION snappy)`,
  );
  let stagedFile = rawFile;
  if (dedupKeys && dedupKeys.length > 0) {
    const keyList = dedupKeys.map(quoteIdent).join(", ");
    const raw = `read_parquet(${quoteLiteral(rawFile)}, file_row_number = true)`;
    // count(DISTINCT) is about twice as fast as GROUP BY … HAVING here. A NULL single key is not counted as
    // distinct, which only sends the batch through the (correct) dedup path below.
    const distinctKey = dedupKeys.length === 1 ? keyList : `(${keyList})`;
    const [dups] = await queryJsonRows(
      connection,
      `SELECT count(*) - count(DISTINCT ${distinctKey}) AS n FROM read_parquet(${quoteLiteral(rawFile)})`,
    );
    if (Number(dups.n) > 0) {
      stagedFile = path.join(stagingDir, "incoming-dedup.parquet");
      const columns = targetFields.map((field) => `r.${quoteIdent(field.name)}`).join(", ");
      await connection.run(
        `COPY (SELECT ${columns} FROM ${raw} r SEMI JOIN (SELECT max(file_row_number) AS rn FROM ${raw} GROUP BY ${keyList}) k ` +
          `ON r.file_row_number = k.rn ORDER BY r.file_row_number) TO ${quoteLiteral(stagedFile)} (FORMAT parquet, COMPRESSION snappy)`,
      );
    }
  }
  await connection.run(
    `CREATE OR REPLACE TEMP VIEW ${INCOMING_TABLE} AS SELECT * FROM read_parquet(${quoteLiteral(stagedFile)})`,
  );
  const [row] = await queryJsonRows(connection, `SELECT count(*) AS n FROM ${INCOMING_TABLE}`);
  return { rowCount: Number(row.n), columns: targetFields.map((field) => field.name), loadFile: rawFile };
};

export type TKeyRange = { column: string; min: unknown; max: unknown };

/** min/max of each key column in the incoming batch, to prune files by their stats. */
export const incomingKeyRanges = async ({
  connection,
  keys,
  schema,
}: {
  connection: DuckDBConnection;
  keys: string[];
  schema: TDeltaStructType;
}): Promise<TKeyRange[]> => {
  const prunable = keys.filter((key) => {
    const type = schema.fields.find((field) => field.name === key)?.type;
    return (
      typeof type === "string" &&
      ["integer", "long", "short", "byte", "float", "double", "string", "date"].includes(type)
    );
  });
  if (prunable.length === 0) return [];
  const select = prunable.map(
    (key, i) =>
      `min(${quoteIdent(key)}) AS "min${i}", max(${quoteIdent(key)}) AS "max${i}", count(*) - count(${quoteIdent(key)}) AS "nulls${i}"`,
  );
  const [row] = await queryJsonRows(connection, `SELECT ${select.join(", ")} FROM ${INCOMING_TABLE}`);
  // A key column with NULLs in the batch can match files whatever their min/max, so it cannot prune.
  return prunable
    .map((column, i) => ({ column, min: row[`min${i}`], max: row[`max${i}`], nulls: Number(row[`nulls${i}`]) }))
    .filter((range) => range.nulls === 0 && range.min !== null && range.max !== null)
    .map(({ column, min, max }) => ({ column, min, max }));
};

/**
 * Refuses empty strings in string partition columns of the staged batch. The Delta protocol reads an empty
 * partition value as null ("An empty string for any type translates to a null partition value"), so Spark
 * would read NULL where the caller wrote '' and the online store holds ''. Refusing keeps every store and
 * every reader on the same value; normalizing silently would also make '' and NULL one key.
 */
export const assertNoEmptyPartitionValues = async ({
  connection,
  schema,
  partitionColumns,
}: {
  connection: DuckDBConnection;
  schema: TDeltaStructType;
  partitionColumns: string[];
}): Promise<void> => {
  const strings = partitionColumns.filter(
    (column) => schema.fields.find((field) => field.name === column)?.type === "string",
  );
  if (strings.length === 0) return;
  const counts = strings.map((column, i) => `count(*) FILTER (WHERE ${quoteIdent(column)} = '') AS "empty${i}"`);
  const [row] = await queryJsonRows(connection, `SELECT ${counts.join(", ")} FROM ${INCOMING_TABLE}`);
  strings.forEach((column, i) => {
    const empty = Number(row[`empty${i}`]);
    if (empty > 0)
      throw new OfflineStoreInputError({
        field: column,
        message: `Partition column ${JSON.stringify(column)} holds an empty string in ${empty} row${empty === 1 ? "" : "s"}: Delta stores an empty partition value as null, so other readers would read NULL. Send null or a non-empty value.`,
      });
  });
};
