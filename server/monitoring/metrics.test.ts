import { describe, expect, it } from "vitest";
import {
  EMPTY_BIN_EPSILON,
  binEdges,
  categoricalDrift,
  histogram,
  jensenShannon,
  ksStatistic,
  numericDrift,
  psi,
  sortedValues,
  wasserstein1,
  NUMERIC_METRICS,
} from "./metrics";

// Every drift metric against reference values computed independently (docs/monitoring.md, "Checked against"):
// scipy.stats.ks_2samp and wasserstein_distance on the raw values; numpy.histogram over the reference's 10 bins
// plus the open bins below and above, then PSI with ε = 1e-4 and scipy.spatial.distance.jensenshannon(base=2)²;
// numpy mean and (population) std. Closed forms where they exist: disjoint supports give KS = 1 and JS = 1.

const window = (values: (number | null)[]) => {
  const { sorted, nulls } = sortedValues(values);
  return { rows: values.length, nulls, sorted };
};

const SCIPY: Record<
  string,
  {
    reference: number[];
    detection: number[];
    expected: {
      ks: number;
      wasserstein: number;
      psi: number;
      jensenShannon: number;
      meanShift: number;
      stdShift: number | null;
    };
  }
> = {
  "a shifted window": {
    reference: [1, 2, 3, 4, 5],
    detection: [3, 4, 5, 6, 7],
    expected: { ks: 0.4, wasserstein: 2, psi: 6.355631254401725, jensenShannon: 0.4, meanShift: 2 / 3, stdShift: 0 },
  },
  ties: {
    reference: [1, 1, 2, 2, 3],
    detection: [1, 2, 2, 2, 4],
    expected: {
      ks: 0.2,
      wasserstein: 0.4,
      psi: 3.258563261058547,
      jensenShannon: 0.23903595255631876,
      meanShift: 0.2222222222222223,
      stdShift: 0.3093073414159541,
    },
  },
  "empty bins": {
    reference: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    detection: [0, 0, 0, 1, 1, 9],
    expected: {
      ks: 0.6333333333333333,
      wasserstein: 2.8,
      psi: 5.789350460826301,
      jensenShannon: 0.5088762750355468,
      meanShift: 0.5925925925925927,
      stdShift: 0.12665889663210375,
    },
  },
  "a detection window of a single value": {
    reference: [1, 2, 3, 4, 5, 6, 7, 8],
    detection: [5],
    expected: {
      ks: 0.5,
      wasserstein: 2,
      psi: 8.054056196297953,
      jensenShannon: 0.7169171866886993,
      meanShift: 0.1111111111111111,
      stdShift: 1,
    },
  },
  "a constant reference (one bin [5, 5])": {
    reference: [5, 5, 5, 5],
    detection: [4, 5, 6],
    expected: {
      ks: 1 / 3,
      wasserstein: 0.6666666666666667,
      psi: 6.138604569034126,
      jensenShannon: 0.45914791702724483,
      meanShift: 0,
      stdShift: null,
    },
  },
  "disjoint supports": {
    reference: [0, 1, 2, 3],
    detection: [10, 11, 12, 13],
    expected: { ks: 1, wasserstein: 10, psi: 17.030335730390934, jensenShannon: 1, meanShift: 20 / 3, stdShift: 0 },
  },
  "unsorted reals": {
    reference: [0.1, 0.4, 0.35, 0.8, 1.2, 1.1, 0.9, 0.05, 0.6, 0.7, 0.3, 0.2],
    detection: [0.5, 0.9, 1.4, 1.3, 0.95, 1.8, 0.7, 1.1, 1.25],
    expected: {
      ks: 0.5277777777777778,
      wasserstein: 0.5416666666666667,
      psi: 8.05768308632631,
      jensenShannon: 0.5444227756684306,
      meanShift: 0.970149253731343,
      stdShift: 0.0002550044667242473,
    },
  },
};

describe("numeric drift metrics", () => {
  it.each(Object.entries(SCIPY))(
    "%s: every metric equals scipy/numpy's value",
    (_, { reference, detection, expected }) => {
      const { values } = numericDrift({
        reference: window(reference),
        detection: window(detection),
        metrics: NUMERIC_METRICS,
      });
      for (const [metric, value] of Object.entries(expected)) {
        if (value === null) expect(values[metric as keyof typeof values], metric).toBeNull();
        else expect(values[metric as keyof typeof values], metric).toBeCloseTo(value, 10);
      }
      expect(values.nullRatioChange).toBe(0);
    },
  );

  it("is zero between a window and itself", () => {
    const same = window([3, 1, 4, 1, 5, 9, 2, 6]);
    const { values } = numericDrift({ reference: same, detection: same, metrics: NUMERIC_METRICS });
    expect(values).toEqual({
      psi: 0,
      ks: 0,
      wasserstein: 0,
      jensenShannon: 0,
      meanShift: 0,
      stdShift: 0,
      nullRatioChange: 0,
    });
  });

  it("reports nothing but the null-ratio change for an all-null window", () => {
    const { values, detectionHistogram } = numericDrift({
      reference: window([1, 2, null, 4]),
      detection: window([null, null, null]),
      metrics: NUMERIC_METRICS,
    });
    expect(values).toEqual({
      psi: null,
      ks: null,
      wasserstein: null,
      jensenShannon: null,
      meanShift: null,
      stdShift: null,
      nullRatioChange: 0.75,
    });
    expect(detectionHistogram.counts.every((count) => count === 0)).toBe(true);
  });

  it("has no metric at all for a window of 0 rows", () => {
    const { values } = numericDrift({
      reference: window([1, 2]),
      detection: window([]),
      metrics: ["ks", "nullRatioChange"],
    });
    expect(values).toEqual({ ks: null, nullRatioChange: null });
  });

  it("bins on the reference's edges: last bin closed, open bins below and above", () => {
    const edges = binEdges(Float64Array.from([0, 10]), 5);
    expect(edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(histogram(Float64Array.from([-1, 0, 1.99, 2, 9.99, 10, 10.5]), edges)).toEqual({
      edges,
      counts: [2, 1, 0, 0, 2],
      below: 1,
      above: 1,
    });
  });

  it("bins a constant reference into one closed bin [v, v], and counts edges that round together once", () => {
    expect(histogram(Float64Array.from([1, 2, 2, 2, 3]), binEdges(Float64Array.from([2, 2])))).toEqual({
      edges: [2, 2],
      counts: [3],
      below: 1,
      above: 1,
    });
    // Equal-width edges over [1e16, 1e16 + 4] round to repeated doubles: a value goes to the last bin whose edge
    // it reaches (numpy's rule on non-strict edges) — the same counts as walking the values bin by bin.
    const edges = binEdges(Float64Array.from([1e16, 1e16 + 4]));
    const values = Float64Array.from([1e16 - 2, 1e16, 1e16, 1e16 + 2, 1e16 + 4, 1e16 + 4, 1e16 + 6]);
    const walked = new Array<number>(edges.length - 1).fill(0);
    for (const value of values.filter((v) => v >= edges[0]! && v <= edges.at(-1)!))
      walked[edges.slice(1, -1).filter((edge) => value >= edge).length]! += 1;
    expect(histogram(values, edges)).toEqual({ edges, counts: walked, below: 1, above: 1 });
    expect(walked.at(-1)).toBe(2);
  });

  it("replaces a zero share by the declared epsilon in PSI, and JS needs none", () => {
    // p = (1, 0), q = (0.5, 0.5): PSI = (0.5 − 1)·ln 0.5 + (0.5 − ε)·ln(0.5 / ε); JS = 1 − ½·(1.5·log2 1.5) …
    expect(psi([1, 0], [0.5, 0.5])).toBeCloseTo(
      -0.5 * Math.log(0.5) + (0.5 - EMPTY_BIN_EPSILON) * Math.log(0.5 / EMPTY_BIN_EPSILON),
      12,
    );
    // m = (0.75, 0.25): ½·1·log2(1/0.75) + ½·(0.5·log2(0.5/0.75) + 0.5·log2(0.5/0.25)) = 0.311278124459133
    expect(jensenShannon([1, 0], [0.5, 0.5])).toBeCloseTo(0.311278124459133, 12);
  });

  it("KS and W1 step past ties in both samples at once", () => {
    expect(ksStatistic(Float64Array.from([1, 1, 1]), Float64Array.from([1]))).toBe(0);
    expect(wasserstein1(Float64Array.from([0, 0]), Float64Array.from([0, 4]))).toBe(2);
  });
});

describe("categorical drift metrics", () => {
  const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

  it("PSI and chi-square over the reference's top values, a new value counted in 'other'", () => {
    // Reference shares a .5 b .3 c .2 other 0; detection a 30 b 30 c 20 d 20 (d is "other").
    const { values, detectionHistogram } = categoricalDrift({
      reference: { rows: 110, nulls: 10, counts: counts({ a: 50, b: 30, c: 20 }) },
      detection: { rows: 100, nulls: 0, counts: counts({ a: 30, b: 30, c: 20, d: 20 }) },
      metrics: ["psi", "chiSquare", "nullRatioChange"],
    });
    expect(detectionHistogram).toEqual({ values: ["a", "b", "c"], counts: [30, 30, 20], other: 20 });
    expect(values.psi).toBeCloseTo(1.6215855264156604, 10);
    // Σ (O − E)²/E with E = 100·(0.5, 0.3, 0.2, ε): 8 + 0 + 0 + (20 − 0.01)²/0.01
    expect(values.chiSquare).toBeCloseTo(39968.01, 6);
    expect(values.nullRatioChange).toBeCloseTo(10 / 110, 12);
  });

  it("chi-square equals scipy.stats.chisquare on a shared support", () => {
    const { values } = categoricalDrift({
      reference: { rows: 100, nulls: 0, counts: counts({ a: 50, b: 30, c: 20 }) },
      detection: { rows: 100, nulls: 0, counts: counts({ a: 30, b: 30, c: 40 }) },
      metrics: ["chiSquare"],
    });
    expect(values.chiSquare).toBeCloseTo(28, 10);
  });

  it("keeps the top values by count, ties by value", () => {
    const { referenceHistogram } = categoricalDrift({
      reference: { rows: 6, nulls: 0, counts: counts({ z: 2, b: 2, a: 1, c: 1 }) },
      detection: { rows: 1, nulls: 0, counts: counts({ a: 1 }) },
      metrics: [],
      top: 3,
    });
    expect(referenceHistogram).toEqual({ values: ["b", "z", "a"], counts: [2, 2, 1], other: 1 });
  });
});
