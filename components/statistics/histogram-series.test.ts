import { describe, expect, it } from "vitest";
import { featureDeltas, histogramPoints, rebin } from "./histogram-series";

// The chart preparers: shares on the current commit's bins, the compared commit moved onto them, top values with
// "other", and the deltas between two commits.

describe("histogram points", () => {
  it("are shares of the bins, labelled by their edges", () => {
    expect(histogramPoints({ kind: "bins", edges: [0, 5, 10], counts: [1, 3] })).toEqual([
      { label: "0–5", current: 0.25 },
      { label: "5–10", current: 0.75 },
    ]);
  });

  it("overlay another commit moved onto the same edges (evenly inside its bins)", () => {
    expect(rebin({ edges: [0, 10], counts: [4] }, [0, 5, 10])).toEqual([2, 2]);
    expect(rebin({ edges: [5, 15], counts: [10] }, [0, 5, 10])).toEqual([0, 5]);
    const points = histogramPoints(
      { kind: "bins", edges: [0, 5, 10], counts: [1, 1] },
      { kind: "bins", edges: [0, 5, 10], counts: [3, 1] },
    );
    expect(points.map((point) => point.other)).toEqual([0.75, 0.25]);
  });

  it("list top values with the rest as 'other', for both commits", () => {
    const points = histogramPoints(
      { kind: "top", values: [{ value: "a", count: 3 }], other: 1 },
      { kind: "top", values: [{ value: "b", count: 2 }], other: 2 },
    );
    expect(points).toEqual([
      { label: "a", current: 0.75, other: 0 },
      { label: "other", current: 0.25, other: 1 },
    ]);
  });
});

describe("feature deltas", () => {
  it("subtract the compared commit's moments, skipping hidden values", () => {
    const base = { name: "x", type: "double", distinctExact: false, completeness: 1, uniqueness: 1 };
    const deltas = featureDeltas(
      { ...base, count: 20, nulls: 0, distinct: 20, mean: 10.5, std: "[value hidden]" },
      { ...base, count: 10, nulls: 0, distinct: 10, mean: 5.5, std: "[value hidden]" },
    );
    expect(deltas.map((delta) => [delta.label, delta.delta])).toEqual([
      ["Count", 10],
      ["Null ratio", 0],
      ["Mean", 5],
      ["Distinct", 10],
    ]);
  });
});
