// Drift metrics between a reference window and a detection window (docs/monitoring.md defines each one; this file
// follows those definitions exactly and is pure: no I/O, no clock). Numeric metrics take the non-null values of each
// window sorted ascending (`sortedValues`); categorical metrics take value → count maps.

/** The declared epsilon: a histogram share of 0 is replaced by it in PSI and chi-square (never renormalised). */
export const EMPTY_BIN_EPSILON = 1e-4;
/** Equal-width bins over the reference's [min, max] (plus one open bin below and one above). */
const DEFAULT_BINS = 10;
/** Categorical metrics compare the reference's most frequent values; the rest count as "other". */
const TOP_VALUES = 20;

export const NUMERIC_METRICS = [
  "psi",
  "ks",
  "wasserstein",
  "jensenShannon",
  "meanShift",
  "stdShift",
  "nullRatioChange",
] as const;
const CATEGORICAL_METRICS = ["psi", "chiSquare", "nullRatioChange"] as const;
type TNumericMetric = (typeof NUMERIC_METRICS)[number];
type TCategoricalMetric = (typeof CATEGORICAL_METRICS)[number];
export type TMetric = TNumericMetric | TCategoricalMetric;

/**
 * A histogram over edges e0 < … < ek (or one edge repeated for a constant reference): `counts[i]` holds values in
 * [e_i, e_{i+1}) and the last bin is closed; `below` counts values < e0, `above` values > ek.
 */
export type THistogram = { edges: number[]; counts: number[]; below: number; above: number };
/** Top values of a categorical window: `values[i]` has `counts[i]`; `other` holds every other non-null value. */
export type TCategoryHistogram = { values: string[]; counts: number[]; other: number };

/** The non-null, finite numbers of a column, sorted ascending, and how many were null. */
export const sortedValues = (values: readonly (number | null | undefined)[]) => {
  const kept = new Float64Array(values.length);
  let length = 0;
  for (const value of values) if (value !== null && value !== undefined && !Number.isNaN(value)) kept[length++] = value;
  return { sorted: kept.subarray(0, length).sort(), nulls: values.length - length };
};

/**
 * Kolmogorov–Smirnov and Wasserstein-1 in one merge of the two sorted samples: at each distinct value x of either,
 * both empirical CDFs step past every copy of x (right-continuous: ties count once) before they are compared. KS is
 * sup over x of |F_ref(x) − F_det(x)|; W1 is ∫ |F_ref(x) − F_det(x)| dx over the real line.
 */
const ecdfDistances = (
  reference: Float64Array,
  detection: Float64Array,
): { ks: number | null; wasserstein: number | null } => {
  const n = reference.length;
  const m = detection.length;
  if (n === 0 || m === 0) return { ks: null, wasserstein: null };
  let i = 0;
  let j = 0;
  let sup = 0;
  let total = 0;
  let previous = 0;
  let gap = 0;
  while (i < n || j < m) {
    const x = j >= m || (i < n && reference[i]! <= detection[j]!) ? reference[i]! : detection[j]!;
    if (i + j > 0) total += gap * (x - previous);
    while (i < n && reference[i]! === x) i += 1;
    while (j < m && detection[j]! === x) j += 1;
    gap = Math.abs(i / n - j / m);
    if (gap > sup) sup = gap;
    previous = x;
  }
  return { ks: sup, wasserstein: total };
};

/** Kolmogorov–Smirnov: sup over x of |F_ref(x) − F_det(x)|, the empirical CDFs (right-continuous, ties count once). */
export const ksStatistic = (reference: Float64Array, detection: Float64Array): number | null =>
  ecdfDistances(reference, detection).ks;

/** Wasserstein-1 (earth mover's distance): ∫ |F_ref(x) − F_det(x)| dx over the real line. */
export const wasserstein1 = (reference: Float64Array, detection: Float64Array): number | null =>
  ecdfDistances(reference, detection).wasserstein;

/** The reference's bin edges: `bins` equal-width bins over [min, max]; a constant reference has the one edge [v, v]. */
export const binEdges = (reference: Float64Array, bins = DEFAULT_BINS): number[] => {
  if (reference.length === 0) return [];
  const min = reference[0]!;
  const max = reference[reference.length - 1]!;
  if (min === max) return [min, max];
  const width = (max - min) / bins;
  return Array.from({ length: bins + 1 }, (_, index) => (index === bins ? max : min + index * width));
};

/** How many of the sorted values are below `bound` (or, `inclusive`, not above it): a binary search. */
const countBelow = (sorted: Float64Array, bound: number, inclusive: boolean) => {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < bound || (inclusive && sorted[middle] === bound)) low = middle + 1;
    else high = middle;
  }
  return low;
};

/** Counts sorted values into the bins of `edges` (THistogram's rule): two binary searches a bin, since both are sorted. */
export const histogram = (sorted: Float64Array, edges: readonly number[]): THistogram => {
  const bins = Math.max(edges.length - 1, 0);
  if (edges.length === 0) return { edges: [], counts: [], below: 0, above: sorted.length };
  // starts[i]: values below edge i; the last bin is closed, so it ends after the values equal to the last edge.
  const starts = edges.map((edge) => countBelow(sorted, edge, false));
  const end = countBelow(sorted, edges[edges.length - 1]!, true);
  const counts = Array.from({ length: bins }, (_, bin) => (bin === bins - 1 ? end : starts[bin + 1]!) - starts[bin]!);
  return { edges: [...edges], counts, below: starts[0]!, above: sorted.length - end };
};

/** The histogram's bins in order (below, each bin, above) as shares of its total; all zero for an empty window. */
const histogramShares = ({ counts, below, above }: { counts: number[]; below: number; above: number }) => {
  const all = [below, ...counts, above];
  const total = all.reduce((sum, count) => sum + count, 0);
  return all.map((count) => (total === 0 ? 0 : count / total));
};

const withEpsilon = (share: number) => (share === 0 ? EMPTY_BIN_EPSILON : share);

/** Population stability index Σ (q − p)·ln(q / p) over matching bins, a zero share replaced by EMPTY_BIN_EPSILON. */
export const psi = (reference: readonly number[], detection: readonly number[]): number => {
  let total = 0;
  reference.forEach((share, index) => {
    const p = withEpsilon(share);
    const q = withEpsilon(detection[index] ?? 0);
    total += (q - p) * Math.log(q / p);
  });
  return total;
};

/** Jensen–Shannon divergence in bits: ½·KL(p‖m) + ½·KL(q‖m), m = (p + q) / 2, 0·log 0 = 0 (no epsilon; 0 ≤ JS ≤ 1). */
export const jensenShannon = (reference: readonly number[], detection: readonly number[]): number => {
  let total = 0;
  reference.forEach((p, index) => {
    const q = detection[index] ?? 0;
    const m = (p + q) / 2;
    if (p > 0) total += 0.5 * p * Math.log2(p / m);
    if (q > 0) total += 0.5 * q * Math.log2(q / m);
  });
  return Math.max(0, total);
};

const mean = (values: Float64Array) => {
  let sum = 0;
  for (let index = 0; index < values.length; index += 1) sum += values[index]!;
  return sum / values.length;
};
/** Population standard deviation (divides by n). */
const std = (values: Float64Array) => {
  const mu = mean(values);
  let sum = 0;
  for (let index = 0; index < values.length; index += 1) sum += (values[index]! - mu) ** 2;
  return Math.sqrt(sum / values.length);
};

/** |det − ref| / |ref|; 0 when both are equal (including both 0), null when ref is 0 and det is not. */
const relativeChange = (reference: number, detection: number): number | null => {
  if (detection === reference) return 0;
  if (reference === 0) return null;
  return Math.abs(detection - reference) / Math.abs(reference);
};

const meanShift = (reference: Float64Array, detection: Float64Array): number | null =>
  reference.length === 0 || detection.length === 0 ? null : relativeChange(mean(reference), mean(detection));

const stdShift = (reference: Float64Array, detection: Float64Array): number | null =>
  reference.length === 0 || detection.length === 0 ? null : relativeChange(std(reference), std(detection));

/** |null ratio of detection − null ratio of reference|; null when a window has no rows. */
const nullRatioChange = (
  reference: { rows: number; nulls: number },
  detection: { rows: number; nulls: number },
): number | null =>
  reference.rows === 0 || detection.rows === 0
    ? null
    : Math.abs(detection.nulls / detection.rows - reference.nulls / reference.rows);

/** A categorical window's top values, most frequent first, ties by value ascending. */
const topValues = (counts: ReadonlyMap<string, number>, top = TOP_VALUES): TCategoryHistogram => {
  const ranked = [...counts.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const kept = ranked.slice(0, top);
  const other = ranked.slice(top).reduce((sum, [, count]) => sum + count, 0);
  return { values: kept.map(([value]) => value), counts: kept.map(([, count]) => count), other };
};

/** The detection's counts over the reference's top values (a value outside them counts as "other"). */
const countsOver = (reference: TCategoryHistogram, detection: ReadonlyMap<string, number>): TCategoryHistogram => {
  const known = new Set(reference.values);
  let other = 0;
  for (const [value, count] of detection) if (!known.has(value)) other += count;
  return { values: reference.values, counts: reference.values.map((value) => detection.get(value) ?? 0), other };
};

const categoryShares = ({ counts, other }: TCategoryHistogram) => {
  const all = [...counts, other];
  const total = all.reduce((sum, count) => sum + count, 0);
  return all.map((count) => (total === 0 ? 0 : count / total));
};

/**
 * Pearson's chi-square statistic of the detection's counts against the counts the reference's shares predict:
 * Σ (O − E)² / E with E = n_det · p, a zero reference share replaced by EMPTY_BIN_EPSILON; a category empty on
 * both sides adds nothing.
 */
const chiSquare = (reference: TCategoryHistogram, detection: TCategoryHistogram): number | null => {
  const shares = categoryShares(reference);
  const observed = [...detection.counts, detection.other];
  const n = observed.reduce((sum, count) => sum + count, 0);
  if (n === 0 || shares.every((share) => share === 0)) return null;
  return shares.reduce((total, share, index) => {
    if (share === 0 && observed[index] === 0) return total;
    const expected = n * withEpsilon(share);
    return total + (observed[index]! - expected) ** 2 / expected;
  }, 0);
};

export type TWindowValues = { rows: number; nulls: number; sorted: Float64Array };
type TMetricValues = Partial<Record<TMetric, number | null>>;

/** Every asked numeric metric, the two histograms over the reference's edges. */
export const numericDrift = ({
  reference,
  detection,
  metrics,
  bins = DEFAULT_BINS,
}: {
  reference: TWindowValues;
  detection: TWindowValues;
  metrics: readonly TMetric[];
  bins?: number;
}) => {
  const edges = binEdges(reference.sorted, bins);
  const referenceHistogram = histogram(reference.sorted, edges);
  const detectionHistogram = histogram(detection.sorted, edges);
  const comparable = reference.sorted.length > 0 && detection.sorted.length > 0;
  const p = histogramShares(referenceHistogram);
  const q = histogramShares(detectionHistogram);
  // KS and W1 share one merge of the two samples (the largest metric cost of a run: ~45 ms each on 1 M values).
  let distances: ReturnType<typeof ecdfDistances> | null = null;
  const ecdf = () => (distances ??= ecdfDistances(reference.sorted, detection.sorted));
  const compute: Record<TNumericMetric, () => number | null> = {
    psi: () => (comparable ? psi(p, q) : null),
    jensenShannon: () => (comparable ? jensenShannon(p, q) : null),
    ks: () => ecdf().ks,
    wasserstein: () => ecdf().wasserstein,
    meanShift: () => meanShift(reference.sorted, detection.sorted),
    stdShift: () => stdShift(reference.sorted, detection.sorted),
    nullRatioChange: () => nullRatioChange(reference, detection),
  };
  const values: TMetricValues = {};
  for (const metric of metrics) if (metric in compute) values[metric] = compute[metric as TNumericMetric]();
  return { values, referenceHistogram, detectionHistogram };
};

/** Every asked categorical metric over the reference's top values. */
export const categoricalDrift = ({
  reference,
  detection,
  metrics,
  top = TOP_VALUES,
}: {
  reference: { rows: number; nulls: number; counts: ReadonlyMap<string, number> };
  detection: { rows: number; nulls: number; counts: ReadonlyMap<string, number> };
  metrics: readonly TMetric[];
  top?: number;
}) => {
  const referenceHistogram = topValues(reference.counts, top);
  const detectionHistogram = countsOver(referenceHistogram, detection.counts);
  const comparable = reference.counts.size > 0 && detection.counts.size > 0;
  const compute: Record<TCategoricalMetric, () => number | null> = {
    psi: () => (comparable ? psi(categoryShares(referenceHistogram), categoryShares(detectionHistogram)) : null),
    chiSquare: () => (comparable ? chiSquare(referenceHistogram, detectionHistogram) : null),
    nullRatioChange: () => nullRatioChange(reference, detection),
  };
  const values: TMetricValues = {};
  for (const metric of metrics) if (metric in compute) values[metric] = compute[metric as TCategoricalMetric]();
  return { values, referenceHistogram, detectionHistogram };
};
