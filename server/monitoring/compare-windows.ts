import "server-only";
import type { TMonitorMetric, TRunFeature, TRunHistogram } from "@/lib/api/monitoring";
import { categoricalDrift, numericDrift, type TMetric } from "./metrics";
import type { TColumnWindow, TWindowColumns } from "./window-read";

// One feature's drift between a reference and a detection window, as a monitor run stores it (and a backtest,
// which compares a new version, the detection, with the old one, the reference): rows and nulls of each window,
// each asked metric with its threshold and whether it was crossed, and both histograms over the reference's bins.

/** A feature whose kind differs between the two windows cannot be compared. */
export class FeatureKindChangedError extends Error {}

const counted = (window: TColumnWindow) =>
  window.kind === "numeric"
    ? { rows: window.values.rows, nulls: window.values.nulls }
    : { rows: window.rows, nulls: window.nulls };

export type TColumnComparison = {
  kind: "numeric" | "categorical";
  detection: { rows: number; nulls: number };
  reference: { rows: number; nulls: number };
  /** Each asked metric's value; null: not computable (a window without values, a relative change from 0). */
  values: Partial<Record<TMonitorMetric, number | null>>;
  /** Both windows over the reference's bins; null when a window has no rows. */
  histogram: TRunHistogram | null;
};

/** One column of two windows: the asked metrics (those that apply to its kind) and both histograms. */
export const compareColumn = ({
  name,
  metrics,
  detection,
  reference,
}: {
  name: string;
  metrics: readonly TMonitorMetric[];
  detection: TWindowColumns;
  reference: TWindowColumns;
}): TColumnComparison => {
  const d = detection.columns.get(name)!;
  const r = reference.columns.get(name)!;
  const drawn = detection.rows > 0 && reference.rows > 0;
  let values: Partial<Record<TMetric, number | null>>;
  let histogram: TRunHistogram | null = null;
  if (d.kind === "numeric" && r.kind === "numeric") {
    const drift = numericDrift({ reference: r.values, detection: d.values, metrics: metrics as TMetric[] });
    values = drift.values;
    const bins = (h: typeof drift.referenceHistogram) => ({ counts: h.counts, below: h.below, above: h.above });
    if (drawn)
      histogram = {
        kind: "bins",
        edges: drift.referenceHistogram.edges,
        reference: bins(drift.referenceHistogram),
        detection: bins(drift.detectionHistogram),
      };
  } else if (d.kind === "categorical" && r.kind === "categorical") {
    const drift = categoricalDrift({ reference: r, detection: d, metrics: metrics as TMetric[] });
    values = drift.values;
    if (drawn)
      histogram = {
        kind: "categories",
        values: drift.referenceHistogram.values,
        reference: { counts: drift.referenceHistogram.counts, other: drift.referenceHistogram.other },
        detection: { counts: drift.detectionHistogram.counts, other: drift.detectionHistogram.other },
      };
  } else throw new FeatureKindChangedError(`The feature ${name} changed kind`);
  return { kind: d.kind, detection: counted(d), reference: counted(r), values, histogram };
};

/** A monitored feature's run result: each metric's value against its threshold. */
export const compareFeature = ({
  feature,
  detection,
  reference,
}: {
  feature: { name: string; metrics: { metric: TMonitorMetric; threshold: number }[] };
  detection: TWindowColumns;
  reference: TWindowColumns;
}): TRunFeature => {
  const compared = compareColumn({
    name: feature.name,
    metrics: feature.metrics.map((metric) => metric.metric),
    detection,
    reference,
  });
  return {
    name: feature.name,
    kind: compared.kind,
    detection: compared.detection,
    reference: compared.reference,
    metrics: feature.metrics.map(({ metric, threshold }) => {
      const value = compared.values[metric] ?? null;
      return { metric, threshold, value, breached: value !== null && value > threshold };
    }),
    histogram: compared.histogram,
  };
};
