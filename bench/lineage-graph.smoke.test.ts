import { describe, expect, it } from "vitest";
import { runLineageGraphBench } from "./lineage-graph-bench";

// Keeps the lineage graph benchmark from rotting: the same page and measurements at a tiny scale. Timings are not
// asserted (the benchmark reports them); what is asserted is that the graph is laid out and rendered.

describe("bench:lineage-graph (smoke)", () => {
  it("lays out and renders a small graph in Chromium", async () => {
    // 60 nodes are laid out by ELK, 400 by the layered layout (lib/lineage/layout.ts, ELK_MAX_NODES).
    const { baseline, results } = await runLineageGraphBench({ sizes: [60, 400], baseline: 10 });
    expect(baseline.renderedNodes).toBe(10);
    for (const result of results) {
      expect(result.renderedNodes).toBeGreaterThan(0);
      expect(result.firstRenderMs).toBeGreaterThan(0);
    }
    // Only what is on screen: the large graph opens on its root, not all 400 nodes in the DOM.
    expect(results[1].renderedNodes).toBeLessThan(100);
  }, 180_000);
});
