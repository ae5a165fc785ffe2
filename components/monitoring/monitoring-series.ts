import { HIDDEN_VALUE } from "@/lib/feature-values";
import type { TMonitorRun, TRunHistogram } from "@/lib/api/monitoring";
import { binLabel, formatEdge, type THistogramPoint } from "@/components/statistics/histogram-series";

// Pure preparers for the Monitoring tab's charts: one metric of one feature across runs (oldest first, with the
// threshold), and a run's detection vs reference histogram as shares over the reference's bins.

export type TMetricPoint = { label: string; at: string; value: number | null; breached: boolean; empty: boolean };

/** The series of `feature`'s `metric`, oldest run first; a run that could not compute it is a gap (null). */
export const metricSeries = (runs: TMonitorRun[], feature: string, metric: string): TMetricPoint[] =>
  [...runs]
    .sort((a, b) => a.computedAt.localeCompare(b.computedAt))
    .map((run) => {
      const found = run.features
        .find((candidate) => candidate.name === feature)
        ?.metrics.find((m) => m.metric === metric);
      const value = found && found.value !== HIDDEN_VALUE ? found.value : null;
      return {
        label: new Date(run.computedAt).toISOString().slice(5, 16).replace("T", " "),
        at: run.computedAt,
        value,
        breached: found?.breached ?? false,
        empty: run.empty !== null,
      };
    });

const shares = (counts: number[]) => {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((count) => (total > 0 ? count / total : 0));
};

/**
 * Chart points of a run's histogram: `current` is the detection window's share, `other` the reference's; numeric
 * histograms get the open bins below and above the reference's range only when either window has values there.
 */
export const runHistogramPoints = (histogram: TRunHistogram): THistogramPoint[] => {
  if (histogram.kind === "categories") {
    const detection = shares([...histogram.detection.counts, histogram.detection.other]);
    const reference = shares([...histogram.reference.counts, histogram.reference.other]);
    const labels = [...histogram.values, "other"];
    return labels
      .map((label, i) => ({ label, current: detection[i]!, other: reference[i]! }))
      .filter((point, i) => i < histogram.values.length || point.current > 0 || point.other > 0);
  }
  const { edges } = histogram;
  const detection = shares([histogram.detection.below, ...histogram.detection.counts, histogram.detection.above]);
  const reference = shares([histogram.reference.below, ...histogram.reference.counts, histogram.reference.above]);
  const first = edges[0] ?? 0;
  const last = edges[edges.length - 1] ?? 0;
  const labels = [
    `< ${formatEdge(first)}`,
    ...histogram.detection.counts.map((_, i) => binLabel(edges[i]!, edges[i + 1]!)),
    `> ${formatEdge(last)}`,
  ];
  return labels
    .map((label, i) => ({ label, current: detection[i]!, other: reference[i]! }))
    .filter((point, i) => (i > 0 && i < labels.length - 1) || point.current > 0 || point.other > 0);
};
