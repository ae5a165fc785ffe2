import "server-only";

import {
  type DuckDBConnection,
  type TDuckDbSettings,
  queryJsonRows,
  quoteIdent,
  quoteLiteral,
  withDuckDb,
} from "./duckdb";
import { readTable } from "./read-table";
import type { TAsOf } from "./snapshot";

// Descriptive statistics of a relation (a Delta snapshot, or files the caller names) in as few DuckDB passes as
// equal-width histograms allow: a count (Parquet footers), one pass for every aggregate, Pearson correlations and
// the most frequent values' candidates, and — only when histograms are asked for — a second pass that counts the
// bins (their edges need the first pass's min and max) and the exact counts of the candidate top values.
// Percentiles are DuckDB's quantile_cont (linear interpolation between the two nearest ranks) up to
// `exactQuantileMaxRows` rows and its t-digest approx_quantile above, where an exact one would sort every column.

export type TStatisticsColumnKind = "numeric" | "string" | "boolean" | "temporal" | "other";

export type TStatisticsColumn = { name: string; kind: TStatisticsColumnKind };

export type TStatisticsOptions = {
  /** Percentiles as fractions (0.01 … 0.99). */
  quantiles: readonly number[];
  histograms: boolean;
  bins: number;
  topValues: number;
  correlations: boolean;
  exactDistinct: boolean;
  exactQuantileMaxRows: number;
};

export type TColumnStatistics = {
  name: string;
  kind: TStatisticsColumnKind;
  count: number;
  distinct: number;
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  std: number | null;
  sum: number | null;
  percentiles: (number | null)[] | null;
  stringLength: { min: number | null; max: number | null; mean: number | null } | null;
  histogram:
    | { kind: "bins"; edges: number[]; counts: number[] }
    | { kind: "top"; values: { value: string; count: number }[]; other: number }
    | null;
};

export type TRelationStatistics = {
  rowCount: number;
  percentilesExact: boolean;
  columns: TColumnStatistics[];
  correlations: { names: string[]; matrix: (number | null)[][] } | null;
  passes: number;
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
const mapEntries = (value: unknown): TMapEntry[] => (Array.isArray(value) ? (value as TMapEntry[]) : []);

const firstPassSql = (columns: TStatisticsColumn[], options: TStatisticsOptions, exactQuantiles: boolean) => {
  const list = `[${options.quantiles.join(", ")}]`;
  const quantile = exactQuantiles ? "quantile_cont" : "approx_quantile";
  const select = columns.flatMap((column, i) => {
    const col = quoteIdent(column.name);
    const asText = `CAST(${col} AS VARCHAR)`;
    const distinctOf = column.kind === "other" ? asText : col;
    const parts = [
      `count(${col}) AS c${i}_count`,
      options.exactDistinct
        ? `count(DISTINCT ${distinctOf}) AS c${i}_distinct`
        : `approx_count_distinct(${distinctOf}) AS c${i}_distinct`,
    ];
    if (column.kind === "numeric") {
      const x = `CAST(${col} AS DOUBLE)`;
      parts.push(
        `min(${x}) AS c${i}_min`,
        `max(${x}) AS c${i}_max`,
        `avg(${x}) AS c${i}_mean`,
        `stddev_samp(${x}) AS c${i}_std`,
        `sum(${x}) AS c${i}_sum`,
        `${quantile}(${x}, ${list}) AS c${i}_q`,
      );
    }
    if (column.kind === "temporal")
      parts.push(`CAST(min(${col}) AS VARCHAR) AS c${i}_min`, `CAST(max(${col}) AS VARCHAR) AS c${i}_max`);
    if (column.kind === "string")
      parts.push(
        `min(length(${col})) AS c${i}_lmin`,
        `max(length(${col})) AS c${i}_lmax`,
        `avg(length(${col})) AS c${i}_lmean`,
        `min(${col}) AS c${i}_min`,
        `max(${col}) AS c${i}_max`,
      );
    if ((column.kind === "string" || column.kind === "boolean") && options.histograms)
      parts.push(`approx_top_k(${asText}, ${options.topValues}) AS c${i}_top`);
    return parts;
  });
  const numeric = columns.map((column, i) => ({ column, i })).filter(({ column }) => column.kind === "numeric");
  if (options.correlations)
    for (let a = 0; a < numeric.length; a++)
      for (let b = a + 1; b < numeric.length; b++) {
        const [x, y] = [numeric[a], numeric[b]].map(({ column }) => `CAST(${quoteIdent(column.name)} AS DOUBLE)`);
        select.push(`corr(${x}, ${y}) AS r${numeric[a].i}_${numeric[b].i}`);
      }
  return select.length ? select.join(", ") : "count(*) AS n";
};

/** Bin index of x for `bins` equal-width bins over [min, max]; max falls in the last bin. */
const binSql = (col: string, min: number, max: number, bins: number) => {
  const width = (max - min) / bins;
  return `CASE WHEN ${col} IS NULL THEN NULL ELSE LEAST(GREATEST(CAST(floor((CAST(${col} AS DOUBLE) - ${min}) / ${width}) AS BIGINT), 0), ${bins - 1}) END`;
};

const describe = async ({
  connection,
  relationSql,
  columns,
  options,
}: {
  connection: DuckDBConnection;
  relationSql: string;
  columns: TStatisticsColumn[];
  options: TStatisticsOptions;
}): Promise<TRelationStatistics> => {
  const [counted] = await queryJsonRows(connection, `SELECT count(*) AS n FROM ${relationSql} AS t`);
  const rowCount = Number(counted.n);
  const exactQuantiles = rowCount <= options.exactQuantileMaxRows;
  const [first] = await queryJsonRows(
    connection,
    `SELECT ${firstPassSql(columns, options, exactQuantiles)} FROM ${relationSql} AS t`,
  );
  const stats: TColumnStatistics[] = columns.map((column, i) => ({
    name: column.name,
    kind: column.kind,
    count: Number(first[`c${i}_count`] ?? 0),
    distinct: Number(first[`c${i}_distinct`] ?? 0),
    min: column.kind === "numeric" ? finite(first[`c${i}_min`]) : text(first[`c${i}_min`]),
    max: column.kind === "numeric" ? finite(first[`c${i}_max`]) : text(first[`c${i}_max`]),
    mean: finite(first[`c${i}_mean`]),
    std: finite(first[`c${i}_std`]),
    sum: finite(first[`c${i}_sum`]),
    percentiles: Array.isArray(first[`c${i}_q`]) ? (first[`c${i}_q`] as unknown[]).map(finite) : null,
    stringLength:
      column.kind === "string"
        ? { min: finite(first[`c${i}_lmin`]), max: finite(first[`c${i}_lmax`]), mean: finite(first[`c${i}_lmean`]) }
        : null,
    histogram: null,
  }));
  let passes = 2;
  if (options.histograms) {
    const second: string[] = [];
    stats.forEach((column, i) => {
      const col = quoteIdent(column.name);
      if (
        column.kind === "numeric" &&
        column.count > 0 &&
        typeof column.min === "number" &&
        typeof column.max === "number"
      ) {
        const bins = column.min === column.max ? 1 : options.bins;
        second.push(
          `histogram(${binSql(col, column.min, column.max === column.min ? column.min + 1 : column.max, bins)}) AS h${i}`,
        );
      }
      const top = first[`c${i}_top`];
      if (Array.isArray(top) && top.length > 0) {
        const values = top.map((value) => quoteLiteral(String(value))).join(", ");
        second.push(
          `histogram(CASE WHEN CAST(${col} AS VARCHAR) IN (${values}) THEN CAST(${col} AS VARCHAR) END) AS h${i}`,
        );
      }
    });
    const [hist] = second.length
      ? await queryJsonRows(connection, `SELECT ${second.join(", ")} FROM ${relationSql} AS t`)
      : [{}];
    if (second.length) passes += 1;
    stats.forEach((column, i) => {
      const entries = mapEntries(hist[`h${i}`]);
      const { min, max } = column;
      if (column.kind === "numeric" && typeof min === "number" && typeof max === "number") {
        const bins = min === max ? 1 : options.bins;
        const width = (max - min) / bins;
        const counts = new Array<number>(bins).fill(0);
        for (const entry of entries) counts[Number(entry.key)] = Number(entry.value);
        const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? max : min + k * width));
        column.histogram = { kind: "bins", edges, counts };
      } else if (column.kind === "string" || column.kind === "boolean") {
        const values = entries
          .map((entry) => ({ value: String(entry.key), count: Number(entry.value) }))
          .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
        const listed = values.reduce((total, entry) => total + entry.count, 0);
        column.histogram = { kind: "top", values, other: column.count - listed };
      }
    });
  }
  return {
    rowCount,
    percentilesExact: exactQuantiles,
    columns: stats,
    correlations: correlationsOf(first, columns, options),
    passes,
  };
};

const correlationsOf = (
  first: Record<string, unknown>,
  columns: TStatisticsColumn[],
  options: TStatisticsOptions,
): TRelationStatistics["correlations"] => {
  const numeric = columns.map((column, i) => ({ column, i })).filter(({ column }) => column.kind === "numeric");
  if (!options.correlations || numeric.length < 2) return null;
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
    const relationSql =
      "relationSql" in source
        ? source.relationSql
        : (
            await readTable({
              tablePath: source.tablePath,
              storageRoot: source.storageRoot,
              asOf: source.asOf,
              // All columns: a window's `where` reads the event time; DuckDB reads only what the passes use.
              where: source.where,
              connection,
            })
          ).sql;
    return describe({ connection, relationSql, columns, options });
  });
