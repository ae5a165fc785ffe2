import { describe, expect, it } from "vitest";
import type { TLineageNode } from "../api/lineage";
import { initialViewport, nodeHandles, nodeSize } from "./view";

// What the renderer is given before it draws anything (docs/lineage.md "Large graphs").

const node = (columns: string[], pii: string[] = []): TLineageNode => ({
  key: "feature_view:v",
  kind: "feature_view",
  id: "v",
  name: "v",
  version: 1,
  status: { state: "ok", message: null },
  distance: 0,
  columns: columns.map((name) => ({ name, pii: [] })),
  pii,
  more: { upstream: false, downstream: false },
});

describe("nodeHandles", () => {
  it("puts the artifact's handles half-way down its box and one pair per column when expanded", () => {
    const view = node(["amount", "card_id"], ["transactions.card_id"]);
    const collapsed = nodeHandles(view, false);
    const { width, height } = nodeSize(view, false);
    expect(collapsed).toEqual([
      { id: null, type: "target", position: "left", x: -3, y: height / 2 - 3, width: 6, height: 6 },
      { id: null, type: "source", position: "right", x: width - 3, y: height / 2 - 3, width: 6, height: 6 },
    ]);
    const expanded = nodeHandles(view, true);
    expect(expanded.map((h) => h.id)).toEqual([null, null, "in:amount", "out:amount", "in:card_id", "out:card_id"]);
    // Rows 22 px apart, below the header, inside the (taller) expanded box.
    expect(expanded[4].y - expanded[2].y).toBe(22);
    expect(expanded[5].y + 6).toBeLessThan(nodeSize(view, true).height);
    expect(expanded[2].y).toBeGreaterThan(height - 3);
  });
});

describe("initialViewport", () => {
  const box = (x: number, y: number) => ({ x, y, width: 240, height: 64 });
  const pane = { width: 1200, height: 600 };

  it("fits the focused boxes, never zooming in past maxZoom", () => {
    const boxes = new Map([
      ["a", box(0, 0)],
      ["b", box(360, 0)],
    ]);
    const viewport = initialViewport({ boxes, focus: ["a", "b"], root: "a", pane });
    expect(viewport.zoom).toBe(1);
    // Centred: the middle of the two boxes (300, 32) at the middle of the pane.
    expect(viewport).toEqual({ x: 600 - 300, y: 300 - 32, zoom: 1 });
  });

  it("zooms out to fit, down to minZoom; beyond that, centres the root readable", () => {
    const boxes = new Map([
      ["root", box(0, 0)],
      ["near", box(360, 700)],
      ["far", box(360, 40_000)],
    ]);
    const fitted = initialViewport({ boxes, focus: ["root", "near"], root: "root", pane, minZoom: 0.5 });
    expect(fitted.zoom).toBeCloseTo(600 / (764 * 1.2), 5);
    const tall = initialViewport({ boxes, focus: ["root", "near", "far"], root: "root", pane, minZoom: 0.5 });
    expect(tall).toEqual({ x: 600 - 120 * 0.5, y: 300 - 32 * 0.5, zoom: 0.5 });
  });
});
