import "server-only";
import { quoteIdent, type DuckDBConnection } from "../offline";
import { sortedValues, type TWindowValues } from "./metrics";
import type { TFeatureKind } from "./monitor-spec";
import { sortDoubles, sortScratch } from "./sort-doubles";

// Reading a window's monitored columns for the drift metrics (run-monitor.ts, backtests): every numeric column in
// one DuckDB pass, copied chunk by chunk into Float64Arrays and sorted in JS (sort-doubles.ts); each categorical
// column in one GROUP BY. The relation is any SQL usable as `FROM … AS t` (a Delta snapshot with a filter, a
// Parquet file); it is scanned once for all numeric columns, never once per feature.

export type TFeatureSpec = { name: string; kind: TFeatureKind };
export type TColumnWindow =
  | { kind: "numeric"; values: TWindowValues }
  | { kind: "categorical"; rows: number; nulls: number; counts: Map<string, number> };
export type TWindowColumns = { rows: number; columns: Map<string, TColumnWindow> };

/** A chunk's DOUBLE vector as @duckdb/node-api gives it: `items` views the chunk's flat data. */
type TDoubleItems = { items: Float64Array };

/**
 * Every numeric column of the relation in one scan. A null is read as NaN (`coalesce`), so the chunks carry no
 * validity to check and each vector is copied whole; NaN and null both count as null (metrics.ts's rule). DuckDB
 * materializes the result (8 bytes a value, outside the JS heap), so its row count sizes each column's array once
 * and no partial buffers are left for the garbage collector; each column is then sorted in place (sort-doubles.ts)
 * with one work space per window.
 */
const readNumericColumns = async (connection: DuckDBConnection, relation: string, names: string[]) => {
  const select = names.map((name) => `coalesce(CAST(${quoteIdent(name)} AS DOUBLE), 'NaN'::DOUBLE)`).join(", ");
  const result = await connection.run(`SELECT ${select} FROM ${relation} AS t`);
  const rows = result.rowCount;
  const arrays = names.map(() => new Float64Array(rows));
  let offset = 0;
  for (let index = 0; index < result.chunkCount; index += 1) {
    const chunk = result.getChunk(index);
    arrays.forEach((array, column) => {
      const { items } = chunk.getColumnVector(column) as unknown as TDoubleItems;
      array.set(items.subarray(0, chunk.rowCount), offset);
    });
    offset += chunk.rowCount;
  }
  const scratch = sortScratch(rows);
  return {
    rows,
    values: arrays.map((array): TWindowValues => {
      const { sorted, nans } = sortDoubles(array, { inPlace: true, scratch });
      return { rows, nulls: nans, sorted };
    }),
  };
};

/** A categorical column's non-null value → count, and its null count (the NULL group). */
const readCategoricalColumn = async (connection: DuckDBConnection, relation: string, name: string) => {
  const column = quoteIdent(name);
  const reader = await connection.runAndReadAll(
    `SELECT CAST(${column} AS VARCHAR), count(*) FROM ${relation} AS t GROUP BY 1`,
  );
  const counts = new Map<string, number>();
  let nulls = 0;
  let rows = 0;
  for (const [value, count] of reader.getRows()) {
    rows += Number(count);
    if (value === null) nulls += Number(count);
    else counts.set(String(value), Number(count));
  }
  return { rows, nulls, counts };
};

export const readWindowColumns = async (
  connection: DuckDBConnection,
  relation: string,
  features: TFeatureSpec[],
): Promise<TWindowColumns> => {
  const numeric = features.filter((feature) => feature.kind === "numeric").map((feature) => feature.name);
  const columns = new Map<string, TColumnWindow>();
  let rows: number | null = null;
  if (numeric.length > 0) {
    const read = await readNumericColumns(connection, relation, numeric);
    rows = read.rows;
    numeric.forEach((name, index) => columns.set(name, { kind: "numeric", values: read.values[index]! }));
  }
  for (const feature of features.filter((candidate) => candidate.kind === "categorical")) {
    const read = await readCategoricalColumn(connection, relation, feature.name);
    rows ??= read.rows;
    columns.set(feature.name, { kind: "categorical", ...read });
  }
  if (rows === null) {
    const reader = await connection.runAndReadAll(`SELECT count(*) FROM ${relation} AS t`);
    rows = Number(reader.getRows()[0]![0]);
  }
  return { rows, columns };
};

/** A reference of fixed values per feature (a monitor's `fixedValues`): no rows read, the values are the window. */
export const fixedValuesColumns = (
  values: Record<string, (number | string)[]>,
  features: TFeatureSpec[],
): TWindowColumns => {
  const columns = new Map<string, TColumnWindow>();
  let rows = 0;
  for (const feature of features) {
    const list = values[feature.name] ?? [];
    rows = Math.max(rows, list.length);
    if (feature.kind === "numeric")
      columns.set(feature.name, { kind: "numeric", values: { rows: list.length, ...sortedValues(list as number[]) } });
    else {
      const counts = new Map<string, number>();
      for (const value of list) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
      columns.set(feature.name, { kind: "categorical", rows: list.length, nulls: 0, counts });
    }
  }
  return { rows, columns };
};
