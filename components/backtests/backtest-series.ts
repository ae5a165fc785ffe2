import { HIDDEN_VALUE } from "@/lib/feature-values";
import type { TBacktest, TBacktestFeature } from "@/lib/api/backtests";
import type { TFeatureStatistics } from "@/lib/api/statistics";
import type { TMonitorMetric } from "@/lib/api/monitoring";

// Pure preparers for a backtest report's tables and charts (the histograms reuse the monitors' preparer, with the
// new version as the detection window and the baseline as the reference): the metric table's rows, the
// statistics compared side by side, and one line per version for the summary.

type TMetricCell = {
  metric: TMonitorMetric;
  /** A number formatted for reading, "hidden", or "not computable". */
  text: string;
  threshold: number | null;
  breached: boolean;
};
export type TMetricRow = { feature: string; kind: "numeric" | "categorical"; cells: TMetricCell[]; breached: number };

const formatMetric = (value: number | null | typeof HIDDEN_VALUE) =>
  value === HIDDEN_VALUE ? "hidden" : value === null ? "not computable" : Number(value.toPrecision(4)).toString();

/** One row per compared feature, crossed thresholds first, then by name; metrics in the report's order. */
export const metricRows = (features: TBacktestFeature[]): TMetricRow[] =>
  features
    .flatMap((feature) =>
      feature.drift
        ? [
            {
              feature: feature.name,
              kind: feature.drift.kind,
              cells: feature.drift.metrics.map((metric) => ({
                metric: metric.metric,
                text: formatMetric(metric.value),
                threshold: metric.threshold,
                breached: metric.breached,
              })),
              breached: feature.drift.metrics.filter((metric) => metric.breached).length,
            },
          ]
        : [],
    )
    .sort((a, b) => b.breached - a.breached || a.feature.localeCompare(b.feature));

/** Why a feature has no drift metrics, in words. */
export const featureStatusText: Record<TBacktestFeature["status"], string> = {
  compared: "compared",
  onlyInBaseline: "only in the baseline",
  onlyInCandidate: "only in the new version",
  kindChanged: "changed kind (number ↔ category)",
  notComparable: "not a number or a category",
};

type TStatValue = number | string | null | undefined;
export type TStatisticsRow = {
  feature: string;
  baseline: { count: number; nulls: number; mean: TStatValue; min: TStatValue; max: TStatValue } | null;
  candidate: { count: number; nulls: number; mean: TStatValue; min: TStatValue; max: TStatValue } | null;
};

const pick = (feature: TFeatureStatistics | undefined) =>
  feature
    ? { count: feature.count, nulls: feature.nulls, mean: feature.mean, min: feature.min, max: feature.max }
    : null;

/** Each feature of either version with both versions' counts and (where the reader may see them) values. */
export const statisticsRows = (report: TBacktest["report"]): TStatisticsRow[] => {
  const baseline = new Map(report.baseline.statistics.features.map((feature) => [feature.name, feature]));
  const candidate = new Map(report.candidate.statistics.features.map((feature) => [feature.name, feature]));
  const names = [...new Set([...candidate.keys(), ...baseline.keys()])];
  return names.map((feature) => ({
    feature,
    baseline: pick(baseline.get(feature)),
    candidate: pick(candidate.get(feature)),
  }));
};

/** A statistic for a table cell: numbers to 4 significant digits, text as it is, gaps as "—". */
export const formatStatistic = (value: TStatValue): string =>
  value === undefined || value === null
    ? "—"
    : typeof value === "number"
      ? value.toLocaleString("en-US", { maximumSignificantDigits: 4 })
      : value;
