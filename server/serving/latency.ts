// Latency histogram of serving observability (docs/serving-observability.md): geometric bucket bounds in
// milliseconds, 0.1 ms to ~10 s, each 25 % above the last, plus an overflow bucket. A percentile read from it is
// interpolated inside its bucket, so it is within one bucket's width (25 %) of the exact value.

const FIRST_BOUND_MS = 0.1;
const GROWTH = 1.25;
const LAST_BOUND_MS = 10_000;

const SERVING_LATENCY_BOUNDS_MS: readonly number[] = (() => {
  const bounds: number[] = [];
  for (let bound = FIRST_BOUND_MS; bound < LAST_BOUND_MS * GROWTH; bound *= GROWTH)
    bounds.push(Number(bound.toPrecision(6)));
  return bounds;
})();

/** Buckets of a histogram: one per bound (values ≤ it) and the overflow bucket last. */
export const emptyLatencyBuckets = (): number[] => new Array(SERVING_LATENCY_BOUNDS_MS.length + 1).fill(0);

export const latencyBucketOf = (milliseconds: number): number => {
  // Binary search: the first bound ≥ the value.
  let low = 0;
  let high = SERVING_LATENCY_BOUNDS_MS.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (SERVING_LATENCY_BOUNDS_MS[middle] >= milliseconds) high = middle;
    else low = middle + 1;
  }
  return low;
};

/** Adds `from` into `into` (same length), in place. */
export const addLatencyBuckets = (into: number[], from: readonly number[]) => {
  for (let index = 0; index < into.length && index < from.length; index += 1) into[index] += from[index];
};

/** The q-quantile (0 < q ≤ 1) in milliseconds, interpolated linearly inside its bucket; null without values. */
export const latencyQuantile = (buckets: readonly number[], q: number): number | null => {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let index = 0; index < buckets.length; index += 1) {
    const count = buckets[index];
    if (count === 0 || seen + count < rank) {
      seen += count;
      continue;
    }
    if (index === SERVING_LATENCY_BOUNDS_MS.length) return SERVING_LATENCY_BOUNDS_MS[index - 1];
    const lower = index === 0 ? 0 : SERVING_LATENCY_BOUNDS_MS[index - 1];
    const upper = SERVING_LATENCY_BOUNDS_MS[index];
    return lower + ((rank - seen) / count) * (upper - lower);
  }
  return SERVING_LATENCY_BOUNDS_MS[SERVING_LATENCY_BOUNDS_MS.length - 1];
};
