import { expect } from "vitest";

/** The figures a benchmark reports (timings, ratios, memory) are present and finite: not asserted, but usable. */
export const expectFiniteFigures = (figures: Record<string, unknown>) => {
  for (const [name, value] of Object.entries(figures))
    expect(typeof value === "number" && Number.isFinite(value), `${name} = ${String(value)}`).toBe(true);
};
