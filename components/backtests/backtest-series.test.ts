import { describe, expect, it } from "vitest";
import { HIDDEN_VALUE } from "@/lib/feature-values";
import type { TBacktestFeature } from "@/lib/api/backtests";
import { formatStatistic, metricRows } from "./backtest-series";

const drift = (
  name: string,
  values: (number | null | typeof HIDDEN_VALUE)[],
  breached: boolean[],
): TBacktestFeature => ({
  name,
  status: "compared",
  baselineType: "double",
  candidateType: "double",
  drift: {
    kind: "numeric",
    baseline: { rows: 3, nulls: 0 },
    candidate: { rows: 3, nulls: 0 },
    metrics: values.map((value, index) => ({
      metric: (["psi", "ks"] as const)[index]!,
      threshold: 0.1,
      value,
      breached: breached[index]!,
    })),
    histogram: null,
  },
});

describe("metricRows", () => {
  it("puts features that crossed thresholds first and formats values, gaps and hidden values", () => {
    const rows = metricRows([
      drift("b_calm", [0.012345678, null], [false, false]),
      drift("a_drifted", [HIDDEN_VALUE, 1], [true, true]),
      { name: "gone", status: "onlyInBaseline", baselineType: "double", candidateType: null, drift: null },
    ]);
    expect(rows.map((row) => row.feature)).toEqual(["a_drifted", "b_calm"]);
    expect(rows[0]).toMatchObject({ breached: 2, cells: [{ text: "hidden" }, { text: "1" }] });
    expect(rows[1]!.cells.map((cell) => cell.text)).toEqual(["0.01235", "not computable"]);
  });
});

describe("formatStatistic", () => {
  it.each([
    [1234.5678, "1,235"],
    [0.000123456, "0.0001235"],
    ["2026-01-01", "2026-01-01"],
    [null, "—"],
    [undefined, "—"],
    [HIDDEN_VALUE, HIDDEN_VALUE],
  ])("%s → %s", (value, text) => expect(formatStatistic(value)).toBe(text));
});
