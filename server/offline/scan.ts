import "server-only";

import path from "node:path";
import type { TAddAction } from "./delta-actions";
import {
  COLUMN_DEFAULT_METADATA_KEY,
  type TDeltaField,
  type TDeltaStructType,
  defaultValueSql,
  deltaTypeToDuckDb,
  partitionValueSql,
} from "./delta-schema";
import { type DuckDBConnection, fileListLiteral, queryJsonRows, quoteIdent, quoteLiteral } from "./duckdb";
import { OfflineStoreInputError } from "./errors";
import { HIVE_NULL_PARTITION, resolveDataFilePath } from "./paths";

/** Column that carries each row's source data file when `includeFileColumn` is set. */
export const FILE_COLUMN = "_larder_file";
/**
 * Column that carries a BIGINT unique to each row of one snapshot when `includeRowId` is set: the
 * read_parquet group, the file's index in it and the row's number in the file, packed into 63 bits. Two scans
 * of the same snapshot give every row the same id, so a query can find rows on narrow columns first and
 * fetch their other columns later by id (the point-in-time join does).
 */
export const ROW_ID_COLUMN = "_larder_rid";
const ROW_ID_BITS = 63;
// A data file holds far fewer than 2^32 rows; refuse to pack ids when the groups and files leave less.
const MIN_ROW_BITS = 32;

/** DuckDB's virtual columns of read_parquet that row ids are made of (feature names may not take them). */
const VIRTUAL_COLUMNS = ["file_index", "file_row_number"];

const bitsFor = (count: number) => (count <= 1 ? 0 : Math.ceil(Math.log2(count)));

export type TScanSource = {
  tablePath: string;
  schema: TDeltaStructType;
  partitionColumns: string[];
  files: TAddAction[];
};

/**
 * Top-level column names physically present in each file, from the Parquet footers (parquet_schema lists
 * the schema tree in pre-order; num_children tells how far each subtree reaches).
 */
export const probePhysicalColumns = async (
  connection: DuckDBConnection,
  files: string[],
): Promise<Map<string, Set<string>>> => {
  const rows = await queryJsonRows(
    connection,
    `SELECT file_name, name, num_children FROM parquet_schema(${fileListLiteral(files)})`,
  );
  const byFile = new Map<string, { name: string; children: number }[]>();
  for (const row of rows) {
    const list = byFile.get(String(row.file_name)) ?? [];
    list.push({ name: String(row.name), children: Number(row.num_children ?? 0) });
    byFile.set(String(row.file_name), list);
  }
  const result = new Map<string, Set<string>>();
  for (const [file, elements] of byFile) {
    const skip = (index: number): number => {
      let next = index + 1;
      for (let child = 0; child < elements[index].children; child += 1) next = skip(next);
      return next;
    };
    const names = new Set<string>();
    let index = 1;
    for (let column = 0; column < (elements[0]?.children ?? 0) && index < elements.length; column += 1) {
      names.add(elements[index].name);
      index = skip(index);
    }
    result.set(file, names);
  }
  return result;
};

/** What DuckDB's hive_partitioning reads from a `key=value` directory segment (decoded once, "null" → NULL). */
const duckDbHiveValue = (raw: string): string | null => {
  const decoded = decodeURIComponent(raw);
  return decoded === HIVE_NULL_PARTITION || decoded.toLowerCase() === "null" ? null : decoded;
};

/**
 * True when DuckDB's hive_partitioning would read every file's partition values exactly as the log states
 * them; then one read_parquet over all files is the fastest plan. Otherwise values come from the log.
 */
const isHiveLayoutExact = ({
  tablePath,
  partitionColumns,
  files,
  absolutePaths,
}: TScanSource & { absolutePaths: string[] }) => {
  if (tablePath.includes("=")) return false;
  const expected = new Set(partitionColumns);
  return files.every((file, i) => {
    try {
      const segments = path.relative(tablePath, path.dirname(absolutePaths[i])).split(path.sep).filter(Boolean);
      const seen = new Map<string, string | null>();
      for (const segment of segments) {
        const eq = segment.indexOf("=");
        if (eq <= 0) return false;
        // DuckDB does not decode hive keys, so an escaped column name must fall back to log values.
        seen.set(segment.slice(0, eq), duckDbHiveValue(segment.slice(eq + 1)));
      }
      if (seen.size !== expected.size) return false;
      return partitionColumns.every((column) => {
        const logValue = file.partitionValues?.[column] ?? null;
        return seen.has(column) && seen.get(column) === (logValue === "" ? null : logValue);
      });
    } catch {
      return false;
    }
  });
};

const fieldDefault = (field: TDeltaField): unknown => field.metadata?.[COLUMN_DEFAULT_METADATA_KEY] ?? null;

/**
 * Builds a SQL relation `(SELECT …)` over the given data files with exactly the table schema's columns
 * (or `columns`), typed by the schema: partition columns from the log (or hive directories when they match
 * exactly), columns missing from older files filled with their default (schema evolution), and optionally
 * the source file path. Files are grouped so that most tables become a single read_parquet call.
 */
export const buildScanSql = async ({
  connection,
  source,
  columns,
  includeFileColumn = false,
  includeRowId = false,
}: {
  connection: DuckDBConnection;
  source: TScanSource;
  columns?: string[];
  includeFileColumn?: boolean;
  includeRowId?: boolean;
}): Promise<string> => {
  const fieldsByName = new Map(source.schema.fields.map((field) => [field.name, field]));
  const selected = (columns ?? source.schema.fields.map((field) => field.name)).map((name) => {
    const field = fieldsByName.get(name);
    if (!field)
      throw new OfflineStoreInputError({ field: "columns", message: `Unknown column ${JSON.stringify(name)}` });
    return field;
  });
  const partitionSet = new Set(source.partitionColumns);
  const fileColumn = includeFileColumn ? `, CAST(NULL AS VARCHAR) AS ${FILE_COLUMN}` : "";
  const rowIdColumn = includeRowId ? `, CAST(NULL AS BIGINT) AS ${ROW_ID_COLUMN}` : "";
  if (source.files.length === 0) {
    const nulls = selected.map(
      (field) => `CAST(NULL AS ${deltaTypeToDuckDb(field.type)}) AS ${quoteIdent(field.name)}`,
    );
    return `(SELECT ${nulls.join(", ")}${fileColumn}${rowIdColumn} WHERE false)`;
  }
  const absolutePaths = source.files.map((file) =>
    resolveDataFilePath({ tablePath: source.tablePath, addPath: file.path }),
  );
  const physical = await probePhysicalColumns(connection, [...new Set(absolutePaths)]);
  const hive = partitionSet.size > 0 && isHiveLayoutExact({ ...source, absolutePaths });

  const groups = new Map<
    string,
    { present: Set<string>; partitionValues: Record<string, string | null>; paths: string[] }
  >();
  source.files.forEach((file, i) => {
    const present = physical.get(absolutePaths[i]) ?? new Set<string>();
    const dataPresent = source.schema.fields
      .filter((f) => !partitionSet.has(f.name) && present.has(f.name))
      .map((f) => f.name);
    const partitionKey =
      hive || partitionSet.size === 0
        ? ""
        : JSON.stringify(source.partitionColumns.map((c) => file.partitionValues?.[c] ?? null));
    const key = `${JSON.stringify(dataPresent)}|${partitionKey}`;
    const group = groups.get(key) ?? {
      present: new Set(dataPresent),
      partitionValues: file.partitionValues ?? {},
      paths: [],
    };
    group.paths.push(absolutePaths[i]);
    groups.set(key, group);
  });

  const groupBits = bitsFor(groups.size);
  const fileBits = bitsFor(Math.max(...[...groups.values()].map((group) => group.paths.length)));
  const rowBits = ROW_ID_BITS - groupBits - fileBits;
  if (includeRowId && rowBits < MIN_ROW_BITS)
    throw new Error(`Too many data files (${source.files.length}) to number rows; compact the table`);
  // Row ids read DuckDB's virtual file_index/file_row_number columns, which a stored column of that name hides.
  const hiding = includeRowId
    ? [...physical.values()].flatMap((names) => VIRTUAL_COLUMNS.filter((name) => names.has(name)))
    : [];
  if (hiding.length)
    throw new OfflineStoreInputError({
      field: "columns",
      message: `A data file has a column named ${JSON.stringify(hiding[0])}, which hides DuckDB's virtual column of that name`,
    });
  const selects = [...groups.values()].map((group, groupIndex) => {
    const projection = selected.map((field) => {
      const type = deltaTypeToDuckDb(field.type);
      const name = quoteIdent(field.name);
      if (partitionSet.has(field.name)) {
        return hive
          ? `CAST(${name} AS ${type}) AS ${name}`
          : `${partitionValueSql({ value: group.partitionValues[field.name], type: field.type })} AS ${name}`;
      }
      if (group.present.has(field.name)) return `CAST(${name} AS ${type}) AS ${name}`;
      return `${defaultValueSql({ value: fieldDefault(field), type: field.type })} AS ${name}`;
    });
    if (includeFileColumn) projection.push(quoteIdent(FILE_COLUMN));
    if (includeRowId)
      projection.push(
        `((CAST(${groupIndex} AS BIGINT) << ${fileBits + rowBits}) | (CAST(file_index AS BIGINT) << ${rowBits}) | CAST(file_row_number AS BIGINT)) AS ${ROW_ID_COLUMN}`,
      );
    const options = [
      `hive_partitioning = ${hive ? "true" : "false"}`,
      ...(hive ? ["hive_types_autocast = false"] : []),
      ...(includeFileColumn ? [`filename = ${quoteLiteral(FILE_COLUMN)}`] : []),
    ];
    return `SELECT ${projection.join(", ")} FROM read_parquet(${fileListLiteral(group.paths)}, ${options.join(", ")})`;
  });
  return `(${selects.join(" UNION ALL ")})`;
};
