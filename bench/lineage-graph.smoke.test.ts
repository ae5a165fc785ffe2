import { describe, expect, it } from "vitest";
import { runLineageGraphBench } from "./lineage-graph-bench";

// Keeps the lineage graph benchmark from rotting: the same page and measurements at a tiny scale. Timings are not
// asserted (the benchmark reports them); what is asserted is that the graph is laid out and rendered.

describe("bench:lineage-graph (smoke)", () => {
  it("lays out and renders a small graph in Chromium", async () => {
    const { baseline, results } = await runLineageGraphBench({ sizes: [60], baseline: 10 });
    expect(baseline.renderedNodes).toBe(10);
    expect(results[0].renderedNodes).toBeGreaterThan(0);
    expect(results[0].firstRenderMs).toBeGreaterThan(0);
  }, 180_000);
});
