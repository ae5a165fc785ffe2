import { HIDDEN_VALUE } from "@/lib/feature-values";
import type { TFeatureStatistics, THistogram } from "@/lib/api/statistics";

// Pure preparers for the Statistics tab's charts: histograms as chart points (optionally overlaid with another
// commit's), the deltas between two commits, and the correlation matrix's colour scale. Shares, not counts, so
// two commits with different row counts compare.

export type THistogramPoint = { label: string; current: number; other?: number };

export const binLabel = (low: number, high: number) => `${formatEdge(low)}–${formatEdge(high)}`;
export const formatEdge = (value: number) =>
  Math.abs(value) >= 1000 || Number.isInteger(value) ? value.toLocaleString("en-US") : value.toPrecision(3);

const share = (count: number, total: number) => (total > 0 ? count / total : 0);

/** The other histogram's counts moved onto `edges`, assuming values spread evenly inside each of its bins. */
export const rebin = (other: { edges: number[]; counts: number[] }, edges: number[]): number[] =>
  edges.slice(0, -1).map((low, i) => {
    const high = edges[i + 1];
    return other.counts.reduce((total, count, j) => {
      const [from, to] = [other.edges[j], other.edges[j + 1]];
      if (to === from) return total + (from >= low && (from < high || i === edges.length - 2) ? count : 0);
      const overlap = Math.max(0, Math.min(high, to) - Math.max(low, from));
      return total + (count * overlap) / (to - from);
    }, 0);
  });

const binsTotal = (counts: number[]) => counts.reduce((total, count) => total + count, 0);

/** Chart points of a histogram, with the compared commit's shares on the same bins or values. */
export const histogramPoints = (current: THistogram, other?: THistogram | null): THistogramPoint[] => {
  if (current.kind === "bins") {
    const total = binsTotal(current.counts);
    const moved = other?.kind === "bins" ? rebin(other, current.edges) : null;
    const otherTotal = other?.kind === "bins" ? binsTotal(other.counts) : 0;
    return current.counts.map((count, i) => ({
      label: binLabel(current.edges[i], current.edges[i + 1]),
      current: share(count, total),
      ...(moved ? { other: share(moved[i], otherTotal) } : {}),
    }));
  }
  const total = binsTotal(current.values.map((entry) => entry.count)) + current.other;
  const otherValues = other?.kind === "top" ? new Map(other.values.map((entry) => [entry.value, entry.count])) : null;
  const otherTotal = other?.kind === "top" ? binsTotal(other.values.map((entry) => entry.count)) + other.other : 0;
  const points: THistogramPoint[] = current.values.map((entry) => ({
    label: entry.value,
    current: share(entry.count, total),
    ...(otherValues ? { other: share(otherValues.get(entry.value) ?? 0, otherTotal) } : {}),
  }));
  if (current.other > 0 || (other?.kind === "top" && other.other > 0))
    points.push({
      label: "other",
      current: share(current.other, total),
      // The compared commit's rows outside the values listed here.
      ...(otherValues
        ? { other: share(otherTotal - binsTotal(current.values.map((e) => otherValues.get(e.value) ?? 0)), otherTotal) }
        : {}),
    });
  return points;
};

export type TDelta = { label: string; current: number; other: number; delta: number };

const numberOf = (value: unknown): number | null => (typeof value === "number" ? value : null);

/** The moments that moved between two commits' statistics of one feature (values only where both have them). */
export const featureDeltas = (current: TFeatureStatistics, other: TFeatureStatistics): TDelta[] => {
  const pairs: [string, number | null, number | null][] = [
    ["Count", current.count, other.count],
    ["Null ratio", nullRatio(current), nullRatio(other)],
    ["Mean", numberOf(current.mean), numberOf(other.mean)],
    ["Std", numberOf(current.std), numberOf(other.std)],
    ["Distinct", current.distinct, other.distinct],
  ];
  return pairs.flatMap(([label, now, then]) =>
    now === null || then === null ? [] : [{ label, current: now, other: then, delta: now - then }],
  );
};

const nullRatio = (feature: TFeatureStatistics) =>
  feature.count + feature.nulls > 0 ? feature.nulls / (feature.count + feature.nulls) : null;

/** A histogram the reader may see, or null (hidden for readers without featureData:read, or none computed). */
export const visibleHistogram = (feature: TFeatureStatistics): THistogram | null =>
  feature.histogram === undefined || feature.histogram === HIDDEN_VALUE ? null : feature.histogram;

/** Background colour of a correlation cell: blue for positive, red for negative, white at 0. */
export const correlationColour = (r: number | null): string => {
  if (r === null) return "rgb(241 245 249)";
  // At most 60 % of the colour: dark text on the strongest cell still passes AA contrast (≥ 6:1).
  const strength = Math.round(Math.min(1, Math.abs(r)) * 60);
  return r >= 0 ? `color-mix(in srgb, #2563eb ${strength}%, white)` : `color-mix(in srgb, #dc2626 ${strength}%, white)`;
};
