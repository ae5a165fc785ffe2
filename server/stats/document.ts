import "server-only";
import type { TColumnStatistics, TRelationStatistics, TStatisticsColumnKind, TStatisticsOptions } from "../offline";
import {
  STATISTICS_PERCENTILES,
  TOP_VALUES,
  type TFeatureStatistics,
  type TStatisticsConfig,
  type TStatisticsDocument,
} from "@/lib/api/statistics";

// From the offline room's raw aggregates to the stored statistics document (lib/api/statistics.ts), and from a
// group's configuration to the options of the DuckDB passes. Pure.

// Up to this many rows percentiles are exact (quantile_cont: sorting 1 M doubles per column is ~10 ms); above
// it DuckDB's t-digest estimate keeps a 10 M-row commit within its time budget (bench/statistics.ts).
const EXACT_QUANTILE_MAX_ROWS = 1_000_000;

const NUMERIC = new Set(["int", "bigint", "float", "double", "tinyint", "smallint", "integer", "hugeint", "real"]);
const TEMPORAL = new Set(["date", "timestamp"]);

/** How a feature is described, from its feature type or (training datasets) its DuckDB type. */
export const kindOf = (type: string): TStatisticsColumnKind => {
  const lower = type.toLowerCase();
  if (NUMERIC.has(lower) || /^(u?(tiny|small|big)?int|decimal.*|float\d*|double.*)$/.test(lower)) return "numeric";
  if (lower === "string" || lower === "varchar") return "string";
  if (lower === "boolean" || lower === "bool") return "boolean";
  if (TEMPORAL.has(lower) || lower.startsWith("timestamp")) return "temporal";
  return "other";
};

export const optionsOf = (config: TStatisticsConfig): TStatisticsOptions => ({
  quantiles: STATISTICS_PERCENTILES.map((percent) => percent / 100),
  histograms: config.histograms,
  bins: config.bins,
  topValues: TOP_VALUES,
  correlations: config.correlations,
  exactDistinct: config.exactDistinct,
  exactQuantileMaxRows: EXACT_QUANTILE_MAX_ROWS,
});

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

const featureOf = (
  column: TColumnStatistics,
  type: string,
  rowCount: number,
  percentilesExact: boolean,
): TFeatureStatistics => {
  const base: TFeatureStatistics = {
    name: column.name,
    type,
    count: column.count,
    nulls: rowCount - column.count,
    completeness: ratio(column.count, rowCount),
    // An estimate can exceed the count on tiny inputs; the count bounds it.
    distinct: Math.min(column.distinct, column.count),
    distinctExact: column.distinctExact,
    uniqueness: ratio(Math.min(column.distinct, column.count), column.count),
  };
  if (column.kind === "other") return base;
  // Booleans are described by their top values; min and max say nothing more.
  const described: TFeatureStatistics =
    column.kind === "boolean" ? base : { ...base, min: column.min, max: column.max };
  if (column.kind === "numeric")
    Object.assign(described, {
      mean: column.mean,
      std: column.std,
      sum: column.sum,
      percentiles: STATISTICS_PERCENTILES.map((percent, i) => ({ percent, value: column.percentiles?.[i] ?? null })),
      percentilesExact,
    });
  if (column.stringLength) described.stringLength = column.stringLength;
  if (column.histogram) described.histogram = column.histogram;
  return described;
};

export const toStatisticsDocument = ({
  raw,
  types,
  config,
}: {
  raw: TRelationStatistics;
  types: Map<string, string>;
  config: TStatisticsConfig;
}): TStatisticsDocument => ({
  rowCount: raw.rowCount,
  features: raw.columns.map((column) =>
    featureOf(column, types.get(column.name) ?? "unknown", raw.rowCount, raw.percentilesExact),
  ),
  correlations: raw.correlations && { features: raw.correlations.names, matrix: raw.correlations.matrix },
  settings: { bins: config.bins, exactDistinct: config.exactDistinct, exactQuantileMaxRows: EXACT_QUANTILE_MAX_ROWS },
});

/** Completeness of a whole document: non-null values over rows × features (the catalog list's indicator). */
export const overallCompleteness = (document: TStatisticsDocument): number | null => {
  const cells = document.rowCount * document.features.length;
  return cells > 0 ? document.features.reduce((total, feature) => total + feature.count, 0) / cells : null;
};
