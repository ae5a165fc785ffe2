// Sorting a window's numeric values for KS and Wasserstein-1 (metrics.ts), the largest cost of a monitoring run.
// Pure: no I/O. An LSD radix sort over the IEEE-754 bits: 4 passes of 16 bits, the 4 digit histograms counted in
// one pass, a pass skipped when every value shares its digit. Measured on the shared 2-core machine (load ~5):
// 1 M distinct doubles in 46–71 ms, against 104–117 ms for Float64Array.prototype.sort in the same process, and
// 130–200 ms a column for DuckDB's ORDER BY streamed into JS (docs/monitoring.md, "Benchmark").

const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const PASSES = 4;
const SIGN = 0x80000000;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Work space for sorting up to `capacity` values, reusable across calls (one per window, not one per column). */
export const sortScratch = (capacity: number) => ({
  keys: new Uint32Array(capacity * 2),
  spare: new Uint32Array(capacity * 2),
  counts: new Uint32Array(PASSES * BUCKETS),
});
type TSortScratch = ReturnType<typeof sortScratch>;

/**
 * The values without NaN, ascending — the order of `Float64Array.prototype.sort` (−∞ first, −0 before +0, +∞ last) —
 * and how many NaN were dropped. The result is a new array, or with `inPlace` the front of `values` itself (the
 * caller's own buffer: no second copy of a million values). `scratch` (from sortScratch) saves the work space's
 * allocation: garbage collection of these buffers took about as long as the sorting.
 */
export const sortDoubles = (
  values: Float64Array,
  { inPlace = false, scratch }: { inPlace?: boolean; scratch?: TSortScratch } = {},
): { sorted: Float64Array; nans: number } => {
  let length = 0;
  for (let index = 0; index < values.length; index += 1) if (values[index] === values[index]) length += 1;
  const nans = values.length - length;
  if (length === 0) return { sorted: new Float64Array(0), nans };
  if (!LITTLE_ENDIAN) {
    const sorted = values.filter((value) => value === value).sort();
    if (!inPlace) return { sorted, nans };
    values.set(sorted);
    return { sorted: values.subarray(0, length), nans };
  }
  // Keys: the bits as an unsigned 64-bit number that orders like the doubles (negative: every bit flipped;
  // positive: the sign bit set), as (low, high) word pairs of a little-endian platform.
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const fits = scratch && scratch.keys.length >= length * 2;
  let keys = fits ? scratch.keys : new Uint32Array(length * 2);
  let spare = fits ? scratch.spare : new Uint32Array(length * 2);
  const counts = scratch ? scratch.counts.fill(0) : new Uint32Array(PASSES * BUCKETS);
  let at = 0;
  for (let index = 0; index < values.length; index += 1) {
    if (values[index] !== values[index]) continue;
    let low = words[2 * index]!;
    let high = words[2 * index + 1]!;
    if (high & SIGN) {
      low = ~low >>> 0;
      high = ~high >>> 0;
    } else high = (high | SIGN) >>> 0;
    keys[2 * at] = low;
    keys[2 * at + 1] = high;
    at += 1;
    counts[low & 0xffff]! += 1;
    counts[BUCKETS + (low >>> 16)]! += 1;
    counts[2 * BUCKETS + (high & 0xffff)]! += 1;
    counts[3 * BUCKETS + (high >>> 16)]! += 1;
  }
  for (let pass = 0; pass < PASSES; pass += 1) {
    const base = pass * BUCKETS;
    const word = pass >> 1;
    const shift = (pass & 1) * DIGIT_BITS;
    if (counts[base + ((keys[word]! >>> shift) & 0xffff)] === length) continue;
    let sum = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket += 1) {
      const count = counts[base + bucket]!;
      counts[base + bucket] = sum;
      sum += count;
    }
    for (let index = 0; index < length; index += 1) {
      const low = keys[2 * index]!;
      const high = keys[2 * index + 1]!;
      const digit = ((word === 0 ? low : high) >>> shift) & 0xffff;
      const target = 2 * counts[base + digit]!;
      counts[base + digit]! += 1;
      spare[target] = low;
      spare[target + 1] = high;
    }
    [keys, spare] = [spare, keys];
  }
  // Every key is read before the first value is written back, so `values` can take the result.
  const sorted = inPlace ? values.subarray(0, length) : new Float64Array(length);
  const out = new Uint32Array(sorted.buffer, sorted.byteOffset, length * 2);
  for (let index = 0; index < length; index += 1) {
    const low = keys[2 * index]!;
    const high = keys[2 * index + 1]!;
    if (high & SIGN) {
      out[2 * index] = low;
      out[2 * index + 1] = (high & ~SIGN) >>> 0;
    } else {
      out[2 * index] = ~low >>> 0;
      out[2 * index + 1] = ~high >>> 0;
    }
  }
  return { sorted, nans };
};
