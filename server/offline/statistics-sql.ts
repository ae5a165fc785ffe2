import "server-only";

import { quoteIdent } from "./duckdb";
import type { TValueRange } from "./file-stats";

// The SQL of the statistics passes (server/offline/statistics.ts): the aggregate pass over numeric, temporal and
// other columns (with the bins of every numeric column whose range is known beforehand, and the correlations),
// the grouping pass that counts every value of string and boolean columns, and the bin pass for columns whose
// range was not known in time.

export type TStatisticsColumnKind = "numeric" | "string" | "boolean" | "temporal" | "other";

export type TStatisticsColumn = { name: string; kind: TStatisticsColumnKind };

/** A column and its position in the caller's list (the aliases of its aggregates carry the position). */
export type TIndexedColumn = { column: TStatisticsColumn; i: number };

/** Columns per grouping query: grouping() packs one bit per column into a BIGINT. */
export const GROUPING_CHUNK = 32;

const asDouble = (column: TStatisticsColumn) => `CAST(${quoteIdent(column.name)} AS DOUBLE)`;

/** Equal-width bins over [min, max]: their count (one for a constant column) and edges (bins + 1 of them). */
export const binsOf = (range: TValueRange, bins: number) => {
  const count = range.min === range.max ? 1 : bins;
  const width = ((range.min === range.max ? range.min + 1 : range.max) - range.min) / count;
  const edges = Array.from({ length: count + 1 }, (_, k) => (k === count ? range.max : range.min + k * width));
  return { count, width, edges };
};

/** histogram() of each value's bin index for equal-width bins over the range; max falls in the last bin. */
export const binHistogramSql = (column: TStatisticsColumn, range: TValueRange, bins: number) => {
  const { count, width } = binsOf(range, bins);
  const x = asDouble(column);
  const index = `LEAST(GREATEST(CAST(floor((${x} - ${range.min}) / ${width}) AS BIGINT), 0), ${count - 1})`;
  return `histogram(CASE WHEN ${x} IS NULL THEN NULL ELSE ${index} END)`;
};

/**
 * The select list of the aggregate pass: count(*), then per column its count and distinct count, and per kind
 * min/max, moments, percentiles, string lengths, and the histogram of the columns in `ranges`; then Pearson's r
 * of every pair of numeric columns in `correlated`.
 */
export const aggregatePassSql = ({
  columns,
  correlated,
  ranges,
  bins,
  quantiles,
  exactQuantiles,
  exactDistinct,
}: {
  columns: TIndexedColumn[];
  correlated: TIndexedColumn[];
  ranges: Map<number, TValueRange>;
  bins: number;
  quantiles: readonly number[];
  exactQuantiles: boolean;
  exactDistinct: boolean;
}): string => {
  const list = `[${quantiles.join(", ")}]`;
  const quantile = exactQuantiles ? "quantile_cont" : "approx_quantile";
  const select = ["count(*) AS n"];
  for (const { column, i } of columns) {
    const col = quoteIdent(column.name);
    const distinctOf = column.kind === "other" ? `CAST(${col} AS VARCHAR)` : col;
    select.push(
      `count(${col}) AS c${i}_count`,
      exactDistinct
        ? `count(DISTINCT ${distinctOf}) AS c${i}_distinct`
        : `approx_count_distinct(${distinctOf}) AS c${i}_distinct`,
    );
    if (column.kind === "numeric") {
      const x = asDouble(column);
      select.push(
        `min(${x}) AS c${i}_min`,
        `max(${x}) AS c${i}_max`,
        `stddev_samp(${x}) AS c${i}_std`,
        `sum(${x}) AS c${i}_sum`,
        `${quantile}(${x}, ${list}) AS c${i}_q`,
      );
      const range = ranges.get(i);
      if (range) select.push(`${binHistogramSql(column, range, bins)} AS c${i}_h`);
    }
    if (column.kind === "temporal")
      select.push(`CAST(min(${col}) AS VARCHAR) AS c${i}_min`, `CAST(max(${col}) AS VARCHAR) AS c${i}_max`);
    if (column.kind === "string")
      select.push(
        `min(length(${col})) AS c${i}_lmin`,
        `max(length(${col})) AS c${i}_lmax`,
        `avg(length(${col})) AS c${i}_lmean`,
        `min(${col}) AS c${i}_min`,
        `max(${col}) AS c${i}_max`,
      );
  }
  for (let a = 0; a < correlated.length; a++)
    for (let b = a + 1; b < correlated.length; b++)
      select.push(
        `corr(${asDouble(correlated[a].column)}, ${asDouble(correlated[b].column)}) AS r${correlated[a].i}_${correlated[b].i}`,
      );
  return select.join(", ");
};

/**
 * One query that counts every value of up to GROUPING_CHUNK columns (as text) with GROUPING SETS, one hash
 * table per column, and sums each column up from its groups: count, distinct values (exact), min, max, string
 * lengths, and the `top` most frequent values — those above the top-th largest count, then the smallest values
 * that have exactly that count (ties by value, in DuckDB's byte order). Row per column: `gid`, as grouping()
 * numbers the sets (see groupingIndex).
 */
export const groupingPassSql = ({
  relationSql,
  columns,
  top,
}: {
  relationSql: string;
  columns: TIndexedColumn[];
  top: number;
}): string => {
  const keys = columns.map((_, k) => `k${k}`);
  const projection = columns.map(({ column }, k) => `CAST(${quoteIdent(column.name)} AS VARCHAR) AS k${k}`);
  const tops =
    top > 0
      ? `, list({'value': v, 'count': n}) FILTER (WHERE v IS NOT NULL AND n > th.t) AS above,
        min(v, ${top}) FILTER (WHERE v IS NOT NULL AND n = th.t) AS ties, any_value(th.t) AS tie_count`
      : "";
  return `WITH g AS MATERIALIZED (
      SELECT grouping(${keys.join(", ")}) AS gid, coalesce(${keys.join(", ")}) AS v, count(*) AS n
      FROM (SELECT ${projection.join(", ")} FROM ${relationSql} AS t) AS t
      GROUP BY GROUPING SETS (${keys.map((key) => `(${key})`).join(", ")})
    ), th AS (
      SELECT gid, list_last(max(n, ${Math.max(top, 1)})) AS t FROM g WHERE v IS NOT NULL GROUP BY gid
    )
    SELECT gid, sum(n) FILTER (WHERE v IS NOT NULL) AS count, count(v) AS distinct, min(v) AS min, max(v) AS max,
      min(length(v)) AS lmin, max(length(v)) AS lmax, sum(length(v) * n) AS lsum${tops}
    FROM g LEFT JOIN th USING (gid)
    GROUP BY gid`;
};

/** Which of `count` grouping columns a grouping() value stands for (its one clear bit, counted from the left). */
export const groupingIndex = (gid: number, count: number) => count - 1 - Math.log2(2 ** count - 1 - gid);
