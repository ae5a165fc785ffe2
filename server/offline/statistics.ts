import "server-only";

import { type DuckDBConnection, type TDuckDbSettings, queryJsonRows, quoteIdent, withDuckDb } from "./duckdb";
import { type TSnapshotFileStats, type TValueRange, snapshotFileStats } from "./file-stats";
import { readTable } from "./read-table";
import type { TAsOf } from "./snapshot";
import {
  GROUPING_CHUNK,
  type TIndexedColumn,
  type TStatisticsColumn,
  type TStatisticsColumnKind,
  aggregatePassSql,
  binHistogramSql,
  binsOf,
  groupingIndex,
  groupingPassSql,
} from "./statistics-sql";

// Descriptive statistics of a relation (a Delta snapshot, or files the caller names), reading every column once:
//  - the row count and the range of each numeric column come from the Delta log's file statistics when every
//    live file states them (else from one query, which DuckDB mostly answers from the Parquet footers);
//  - one aggregate pass over numeric, temporal and other columns: counts, distinct estimates, min/max, moments,
//    percentiles, Pearson correlations, and the equal-width bins of every numeric column whose range is known;
//  - one grouping pass over string and boolean columns (when histograms or exact distinct counts are on): every
//    value counted (GROUPING SETS), which gives exact distinct counts, min/max, lengths and the top values.
// Bins are always those of the column's exact [min, max] as the aggregate pass measures it: a column whose
// range from the log differs (a foreign writer's wrong stats) has its bins counted again in one more pass.
// Percentiles are DuckDB's quantile_cont (linear interpolation between the two nearest ranks) up to
// `exactQuantileMaxRows` rows and its t-digest approx_quantile above, where an exact one would sort every column.

export type { TStatisticsColumn, TStatisticsColumnKind };

export type TStatisticsOptions = {
  /** Percentiles as fractions (0.01 … 0.99). */
  quantiles: readonly number[];
  histograms: boolean;
  bins: number;
  topValues: number;
  correlations: boolean;
  exactDistinct: boolean;
  exactQuantileMaxRows: number;
  /** Take row count and ranges from the Delta log's file statistics when they state them (default true). */
  fileStats?: boolean;
};

type THistogram =
  | { kind: "bins"; edges: number[]; counts: number[] }
  | { kind: "top"; values: { value: string; count: number }[]; other: number };

export type TColumnStatistics = {
  name: string;
  kind: TStatisticsColumnKind;
  count: number;
  distinct: number;
  /** Whether `distinct` is exact (counted values) or DuckDB's HyperLogLog estimate. */
  distinctExact: boolean;
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  std: number | null;
  sum: number | null;
  percentiles: (number | null)[] | null;
  stringLength: { min: number | null; max: number | null; mean: number | null } | null;
  histogram: THistogram | null;
};

export type TRelationStatistics = {
  rowCount: number;
  percentilesExact: boolean;
  columns: TColumnStatistics[];
  correlations: { names: string[]; matrix: (number | null)[][] } | null;
  /** Queries that read data (each column is read by one of them; the range query mostly reads footers). */
  passes: number;
  /** Numeric columns whose bins were counted with a range taken from the Delta log. */
  rangesFromLog: number;
};

/** Where the rows come from: a Delta table as of a version (optionally filtered), or a relation SQL of files. */
export type TStatisticsSource =
  { tablePath: string; asOf?: TAsOf; where?: string; storageRoot?: string } | { relationSql: string };

const finite = (value: unknown): number | null => {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? number : null;
};
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

type TMapEntry = { key: unknown; value: unknown };
const binCounts = (value: unknown, bins: number) => {
  const counts = new Array<number>(bins).fill(0);
  for (const entry of Array.isArray(value) ? (value as TMapEntry[]) : [])
    counts[Number(entry.key)] = Number(entry.value);
  return counts;
};

const emptyColumn = ({ column }: TIndexedColumn, distinctExact: boolean): TColumnStatistics => ({
  name: column.name,
  kind: column.kind,
  count: 0,
  distinct: 0,
  distinctExact,
  min: null,
  max: null,
  mean: null,
  std: null,
  sum: null,
  percentiles: null,
  stringLength: column.kind === "string" ? { min: null, max: null, mean: null } : null,
  histogram: null,
});

const fromAggregateRow = (row: Record<string, unknown>, { column, i }: TIndexedColumn, exact: boolean) => {
  const stats = emptyColumn({ column, i }, exact);
  const numeric = column.kind === "numeric";
  Object.assign(stats, {
    count: Number(row[`c${i}_count`] ?? 0),
    distinct: Number(row[`c${i}_distinct`] ?? 0),
    min: numeric ? finite(row[`c${i}_min`]) : text(row[`c${i}_min`]),
    max: numeric ? finite(row[`c${i}_max`]) : text(row[`c${i}_max`]),
    // The mean from the sum and the count: what avg() computes, without a second running sum per column.
    mean:
      numeric && Number(row[`c${i}_count`] ?? 0) > 0
        ? finite(Number(row[`c${i}_sum`]) / Number(row[`c${i}_count`]))
        : null,
    std: finite(row[`c${i}_std`]),
    sum: finite(row[`c${i}_sum`]),
    percentiles: Array.isArray(row[`c${i}_q`]) ? (row[`c${i}_q`] as unknown[]).map(finite) : null,
  });
  if (column.kind === "string")
    stats.stringLength = {
      min: finite(row[`c${i}_lmin`]),
      max: finite(row[`c${i}_lmax`]),
      mean: finite(row[`c${i}_lmean`]),
    };
  return stats;
};

const fromGroupingRow = (row: Record<string, unknown> | undefined, indexed: TIndexedColumn, top: number) => {
  const stats = emptyColumn(indexed, true);
  const count = Number(row?.count ?? 0);
  Object.assign(stats, { count, distinct: Number(row?.distinct ?? 0) });
  if (indexed.column.kind === "string") {
    Object.assign(stats, { min: text(row?.min), max: text(row?.max) });
    const lengthSum = finite(row?.lsum);
    stats.stringLength = {
      min: finite(row?.lmin),
      max: finite(row?.lmax),
      mean: lengthSum !== null && count > 0 ? lengthSum / count : null,
    };
  }
  if (top > 0) {
    const above = ((row?.above as { value: unknown; count: unknown }[] | null) ?? [])
      .map((entry) => ({ value: String(entry.value), count: Number(entry.count) }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    const ties = ((row?.ties as unknown[] | null) ?? []).map(String);
    const tieCount = Number(row?.tie_count ?? 0);
    const values = [...above, ...ties.slice(0, top - above.length).map((value) => ({ value, count: tieCount }))];
    const listed = values.reduce((total, entry) => total + entry.count, 0);
    stats.histogram = { kind: "top", values, other: count - listed };
  }
  return stats;
};

const describe = async ({
  connection,
  relationSql,
  columns,
  options,
  fileStats,
}: {
  connection: DuckDBConnection;
  relationSql: string;
  columns: TStatisticsColumn[];
  options: TStatisticsOptions;
  fileStats: TSnapshotFileStats | null;
}): Promise<TRelationStatistics> => {
  const indexed = columns.map((column, i) => ({ column, i }));
  const numeric = indexed.filter(({ column }) => column.kind === "numeric");
  const groupValues = options.histograms || options.exactDistinct;
  const grouped = groupValues ? indexed.filter(({ column }) => ["string", "boolean"].includes(column.kind)) : [];
  const aggregated = indexed.filter((entry) => !grouped.includes(entry));
  let passes = 0;

  // Row count and the bins' ranges: from the log, else one query (count(*), min and max: Parquet footers mostly).
  let rowCount = fileStats?.rowCount ?? null;
  const ranges = new Map<number, TValueRange | null>();
  if (options.histograms)
    for (const { column, i } of numeric)
      if (fileStats?.ranges.has(column.name)) ranges.set(i, fileStats.ranges.get(column.name)!);
  const rangesFromLog = [...ranges.values()].filter(Boolean).length;
  const unknown = options.histograms ? numeric.filter(({ i }) => !ranges.has(i)) : [];
  if (rowCount === null || unknown.length > 0) {
    const select = unknown.map(({ column, i }) => {
      const col = quoteIdent(column.name);
      return `CAST(min(${col}) AS DOUBLE) AS lo${i}, CAST(max(${col}) AS DOUBLE) AS hi${i}`;
    });
    const [row] = await queryJsonRows(
      connection,
      `SELECT ${["count(*) AS n", ...select].join(", ")} FROM ${relationSql} AS t`,
    );
    passes += 1;
    rowCount = Number(row.n);
    for (const { i } of unknown) {
      const [min, max] = [finite(row[`lo${i}`]), finite(row[`hi${i}`])];
      ranges.set(i, min !== null && max !== null && min <= max ? { min, max } : null);
    }
  }

  // The aggregate pass.
  const exactQuantiles = rowCount <= options.exactQuantileMaxRows;
  const correlated = options.correlations && numeric.length >= 2 ? numeric : [];
  const known = new Map([...ranges].filter((entry): entry is [number, TValueRange] => entry[1] !== null));
  let first: Record<string, unknown> = {};
  if (aggregated.length > 0 || correlated.length > 0) {
    const select = aggregatePassSql({
      columns: aggregated,
      correlated,
      ranges: known,
      bins: options.bins,
      quantiles: options.quantiles,
      exactQuantiles,
      exactDistinct: options.exactDistinct,
    });
    [first] = await queryJsonRows(connection, `SELECT ${select} FROM ${relationSql} AS t`);
    passes += 1;
  }
  const stats = new Map<number, TColumnStatistics>();
  for (const entry of aggregated) stats.set(entry.i, fromAggregateRow(first, entry, options.exactDistinct));

  // The grouping pass.
  for (let start = 0; start < grouped.length; start += GROUPING_CHUNK) {
    const chunk = grouped.slice(start, start + GROUPING_CHUNK);
    const top = options.histograms ? options.topValues : 0;
    const rows = await queryJsonRows(connection, groupingPassSql({ relationSql, columns: chunk, top }));
    passes += 1;
    const byIndex = new Map(rows.map((row) => [groupingIndex(Number(row.gid), chunk.length), row]));
    chunk.forEach((entry, k) => stats.set(entry.i, fromGroupingRow(byIndex.get(k), entry, top)));
  }

  // Bins over each numeric column's exact [min, max]: counted above when the range was known and right.
  if (options.histograms) {
    const described = numeric.flatMap((entry) => {
      const { count, min, max } = stats.get(entry.i)!;
      if (count === 0 || typeof min !== "number" || typeof max !== "number") return [];
      const used = known.get(entry.i);
      return [{ entry, range: { min, max }, counted: used?.min === min && used?.max === max }];
    });
    const recount = described.filter(({ counted }) => !counted);
    let recounted: Record<string, unknown> = {};
    if (recount.length > 0) {
      const select = recount.map(
        ({ entry, range }) => `${binHistogramSql(entry.column, range, options.bins)} AS c${entry.i}_h`,
      );
      [recounted] = await queryJsonRows(connection, `SELECT ${select.join(", ")} FROM ${relationSql} AS t`);
      passes += 1;
    }
    for (const { entry, range, counted } of described) {
      const { edges, count } = binsOf(range, options.bins);
      const counts = binCounts((counted ? first : recounted)[`c${entry.i}_h`], count);
      stats.get(entry.i)!.histogram = { kind: "bins", edges, counts };
    }
  }

  return {
    rowCount,
    percentilesExact: exactQuantiles,
    columns: indexed.map(({ i }) => stats.get(i)!),
    correlations: correlationsOf(first, correlated),
    passes,
    rangesFromLog,
  };
};

const correlationsOf = (first: Record<string, unknown>, numeric: TIndexedColumn[]) => {
  if (numeric.length < 2) return null;
  const matrix = numeric.map((a) =>
    numeric.map((b) => {
      if (a.i === b.i) return 1;
      const [lo, hi] = a.i < b.i ? [a.i, b.i] : [b.i, a.i];
      return finite(first[`r${lo}_${hi}`]);
    }),
  );
  return { names: numeric.map(({ column }) => column.name), matrix };
};

/**
 * Statistics of every named column of a source (see the header). A Delta source is read as of `asOf` (time
 * travel; a vacuumed version fails as readTable does); `where` is server-built SQL, never user text.
 */
export const describeRelation = async ({
  source,
  columns,
  options,
  duckdb,
}: {
  source: TStatisticsSource;
  columns: TStatisticsColumn[];
  options: TStatisticsOptions;
  duckdb?: TDuckDbSettings;
}): Promise<TRelationStatistics> =>
  withDuckDb(duckdb, async (connection) => {
    if ("relationSql" in source)
      return describe({ connection, relationSql: source.relationSql, columns, options, fileStats: null });
    const relation = await readTable({
      tablePath: source.tablePath,
      storageRoot: source.storageRoot,
      asOf: source.asOf,
      // All columns: a window's `where` reads the event time; DuckDB reads only what the passes use.
      where: source.where,
      connection,
    });
    // The log describes whole files: a window's rows are only some of them.
    const fileStats =
      options.fileStats === false || source.where
        ? null
        : snapshotFileStats({
            files: relation.files,
            columns: relation.columns,
            partitionColumns: relation.partitionColumns,
          });
    return describe({ connection, relationSql: relation.sql, columns, options, fileStats });
  });
