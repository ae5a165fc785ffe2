import { describe, expect, it } from "vitest";
import { syntheticGraph } from "@/bench/lineage-graph-page/synthetic";
import { layeredLayout } from "./layered";
import { layoutInput, type TLayoutInput } from "./view";

// The layered layout of large graphs (docs/lineage.md "Large graphs"): what a reader of the graph relies on.

const box = (id: string, height = 64) => ({ id, width: 240, height });
const edge = (source: string, target: string) => ({ id: `${source}>${target}`, source, target });

const overlaps = (input: TLayoutInput, positions: Record<string, { x: number; y: number }>) => {
  const found: string[] = [];
  const byColumn = new Map<number, TLayoutInput["nodes"]>();
  for (const node of input.nodes)
    byColumn.set(positions[node.id].x, [...(byColumn.get(positions[node.id].x) ?? []), node]);
  for (const column of byColumn.values()) {
    const sorted = column.toSorted((a, b) => positions[a.id].y - positions[b.id].y);
    for (let i = 1; i < sorted.length; i += 1)
      if (positions[sorted[i].id].y < positions[sorted[i - 1].id].y + sorted[i - 1].height)
        found.push(`${sorted[i - 1].id} / ${sorted[i].id}`);
  }
  return found;
};

describe("layeredLayout", () => {
  it("places a 2,000-node lineage left to right, every edge forward, no boxes overlapping", () => {
    const graph = syntheticGraph(2000);
    const expanded = new Set(graph.nodes.filter((_, i) => i % 50 === 0).map((node) => node.key));
    const input = layoutInput(graph, expanded);
    const { positions, width, height } = layeredLayout(input);
    expect(Object.keys(positions)).toHaveLength(input.nodes.length);
    for (const e of input.edges) expect(positions[e.source].x).toBeLessThan(positions[e.target].x);
    expect(overlaps(input, positions)).toEqual([]);
    expect(Math.min(...Object.values(positions).map((p) => p.y))).toBe(0);
    expect(width).toBe(4 * 240 + 3 * 120);
    expect(height).toBeGreaterThan(0);
  });

  it("keeps a chain level and uncrosses crossed edges", () => {
    const input = {
      nodes: ["a1", "a2", "b1", "b2", "c"].map((id) => box(id)),
      edges: [edge("a1", "b2"), edge("a2", "b1"), edge("b2", "c")],
    };
    const { positions } = layeredLayout(input);
    expect(positions.b2.y).toBeLessThan(positions.b1.y);
    expect(positions.c.y).toBe(positions.b2.y);
    expect(positions.b2.y).toBe(positions.a1.y);
  });

  it("puts a source next to its nearest successor, not in the first column", () => {
    const input = {
      nodes: ["source", "group", "lone_group", "view"].map((id) => box(id)),
      edges: [edge("source", "group"), edge("group", "view"), edge("lone_group", "view")],
    };
    const { positions } = layeredLayout(input);
    expect(positions.lone_group.x).toBe(positions.group.x);
  });

  it("lays out a cycle (never recorded, but never a hang) and an empty graph", () => {
    const { positions } = layeredLayout({
      nodes: ["a", "b"].map((id) => box(id)),
      edges: [edge("a", "b"), edge("b", "a")],
    });
    expect(Object.keys(positions).sort()).toEqual(["a", "b"]);
    expect(layeredLayout({ nodes: [], edges: [] })).toEqual({ positions: {}, width: 0, height: 0 });
  });
});
