import { describe, expect, it } from "vitest";
import { HIDDEN_VALUE } from "@/lib/feature-values";
import type { TMonitorRun } from "@/lib/api/monitoring";
import { metricSeries, runHistogramPoints } from "./monitoring-series";

const run = (
  computedAt: string,
  value: number | null | typeof HIDDEN_VALUE,
  empty: string | null = null,
): TMonitorRun => ({
  id: computedAt,
  jobId: null,
  computedAt,
  detection: { label: "", start: null, end: null, rows: empty ? 0 : 5 },
  reference: { label: "", rows: 5 },
  breaches: 0,
  empty,
  features: [
    {
      name: "x",
      kind: "numeric",
      detection: { rows: 5, nulls: 0 },
      reference: { rows: 5, nulls: 0 },
      metrics: [{ metric: "psi", threshold: 0.2, value, breached: typeof value === "number" && value > 0.2 }],
      histogram: null,
    },
  ],
});

describe("metricSeries", () => {
  it("orders runs oldest first; an empty or hidden value is a gap, never a zero", () => {
    const series = metricSeries(
      [
        run("2026-01-03T00:00:00Z", 0.5),
        run("2026-01-01T00:00:00Z", 0.1),
        run("2026-01-02T00:00:00Z", null, "no rows"),
      ],
      "x",
      "psi",
    );
    expect(series.map((point) => [point.value, point.breached, point.empty])).toEqual([
      [0.1, false, false],
      [null, false, true],
      [0.5, true, false],
    ]);
    expect(metricSeries([run("2026-01-01T00:00:00Z", HIDDEN_VALUE)], "x", "psi")[0].value).toBeNull();
  });
});

describe("runHistogramPoints", () => {
  it("shows shares over the reference's bins, and an open bin only when a window has values there", () => {
    const points = runHistogramPoints({
      kind: "bins",
      edges: [0, 5, 10],
      reference: { counts: [3, 1], below: 0, above: 0 },
      detection: { counts: [1, 1], below: 0, above: 2 },
    });
    expect(points).toEqual([
      { label: "0–5", current: 0.25, other: 0.75 },
      { label: "5–10", current: 0.25, other: 0.25 },
      { label: "> 10", current: 0.5, other: 0 },
    ]);
  });

  it("shows categories with 'other' only when it holds something", () => {
    expect(
      runHistogramPoints({
        kind: "categories",
        values: ["a", "b"],
        reference: { counts: [1, 1], other: 0 },
        detection: { counts: [2, 0], other: 0 },
      }),
    ).toEqual([
      { label: "a", current: 1, other: 0.5 },
      { label: "b", current: 0, other: 0.5 },
    ]);
  });
});
