import type { TLineageEdge, TLineageGraph, TLineageNode, TLineageNodeKind } from "../api/lineage";

// What the lineage page shows, as pure functions over the API's graph (docs/lineage.md): merging expansions,
// collapsing kinds, and the boxes the layout step places. The renderer (components/lineage) only draws this.

/** Adds an expansion (the graph around another node) to the graph on screen; distances stay the first graph's. */
export const mergeGraphs = (base: TLineageGraph, more: TLineageGraph): TLineageGraph => {
  const nodes = new Map(base.nodes.map((node) => [node.key, node]));
  for (const node of more.nodes) {
    const known = nodes.get(node.key);
    // An expanded node's `more` flags come from its own walk (its neighbours are in now).
    if (!known) nodes.set(node.key, node);
    else if (node.key === more.root) nodes.set(node.key, { ...known, more: node.more });
  }
  const edges = new Map(base.edges.map((edge) => [edge.id, edge]));
  for (const edge of more.edges) edges.set(edge.id, edge);
  return { ...base, nodes: [...nodes.values()], edges: [...edges.values()] };
};

/**
 * Hides the nodes of the given kinds; an edge path through hidden nodes becomes one artifact edge between the
 * visible ends (so collapsing feature views still links groups to datasets).
 */
export const collapseKinds = (graph: TLineageGraph, hidden: ReadonlySet<TLineageNodeKind>): TLineageGraph => {
  if (!hidden.size) return graph;
  const isHidden = new Map(graph.nodes.map((node) => [node.key, hidden.has(node.kind) && node.key !== graph.root]));
  const objectEdges = graph.edges.filter((edge) => !edge.fromColumn && !edge.toColumn);
  const outgoing = new Map<string, TLineageEdge[]>();
  for (const edge of objectEdges) outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);
  const bridged: TLineageEdge[] = [];
  for (const node of graph.nodes) {
    if (isHidden.get(node.key)) continue;
    // Walk through hidden nodes to the visible ones they lead to.
    const seen = new Set<string>();
    const stack = (outgoing.get(node.key) ?? []).map((edge) => ({ edge, pii: edge.pii }));
    while (stack.length) {
      const { edge, pii } = stack.pop()!;
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      if (!isHidden.get(edge.to)) {
        bridged.push(
          edge.from === node.key
            ? edge
            : { ...edge, id: `${node.key}>${edge.to}`, from: node.key, pii, attributes: { collapsed: true } },
        );
        continue;
      }
      for (const next of outgoing.get(edge.to) ?? [])
        stack.push({ edge: next, pii: [...new Set([...pii, ...next.pii])].sort() });
    }
  }
  return {
    ...graph,
    nodes: graph.nodes.filter((node) => !isHidden.get(node.key)),
    edges: [
      ...bridged,
      ...graph.edges.filter((edge) => edge.fromColumn && !isHidden.get(edge.from) && !isHidden.get(edge.to)),
    ],
  };
};

export const NODE_WIDTH = 240;
const HEADER_HEIGHT = 64;
const COLUMN_HEIGHT = 22;

// The PII badge wraps inside the node's width: about this many characters a line (11 px text, breaks at ", ").
const PII_CHARS_PER_LINE = 28;
const PII_LINE_HEIGHT = 16;

const headerHeight = (node: TLineageNode) =>
  HEADER_HEIGHT +
  (node.pii.length ? 8 + PII_LINE_HEIGHT * Math.ceil(piiLabel(node.pii).length / PII_CHARS_PER_LINE) : 0);

/** A node's box: taller for its PII badge's lines, and when expanded to list its columns (boxes must not overlap). */
export const nodeSize = (node: TLineageNode, expanded: boolean) => ({
  width: NODE_WIDTH,
  height: headerHeight(node) + (expanded ? Math.max(1, node.columns.length) * COLUMN_HEIGHT + 8 : 0),
});

// xyflow's handles are 6 px squares centred on the node's edge (its default style; the renderer keeps that size).
const HANDLE_SIZE = 6;

export type TNodeHandle = {
  id: string | null;
  type: "source" | "target";
  position: "left" | "right";
  x: number;
  y: number;
  width: number;
  height: number;
};

/**
 * Where a node's handles are, as the renderer draws them: the artifact's (left: in, right: out, half-way down) and,
 * when expanded, one pair per column row. Given to xyflow with the box, a node is known without being rendered, so
 * only the nodes on screen are ever put in the DOM (xyflow otherwise renders every node once to measure it).
 */
export const nodeHandles = (node: TLineageNode, expanded: boolean): TNodeHandle[] => {
  const { width, height } = nodeSize(node, expanded);
  const at = (id: string | null, type: "source" | "target", centreY: number): TNodeHandle => ({
    id,
    type,
    position: type === "source" ? "right" : "left",
    x: (type === "source" ? width : 0) - HANDLE_SIZE / 2,
    y: centreY - HANDLE_SIZE / 2,
    width: HANDLE_SIZE,
    height: HANDLE_SIZE,
  });
  const handles = [at(null, "target", height / 2), at(null, "source", height / 2)];
  if (!expanded) return handles;
  const top = headerHeight(node) + 4;
  node.columns.forEach((column, index) => {
    const centreY = top + index * COLUMN_HEIGHT + COLUMN_HEIGHT / 2;
    handles.push(at(`in:${column.name}`, "target", centreY), at(`out:${column.name}`, "source", centreY));
  });
  return handles;
};

export type TLayoutInput = {
  nodes: { id: string; width: number; height: number }[];
  edges: { id: string; source: string; target: string }[];
};
export type TLayoutResult = { positions: Record<string, { x: number; y: number }>; width: number; height: number };

/** The layout step's input: artifact-level edges only (column edges follow their nodes). */
export const layoutInput = (graph: TLineageGraph, expanded: ReadonlySet<string>): TLayoutInput => {
  const pairs = new Map<string, { id: string; source: string; target: string }>();
  for (const edge of graph.edges) {
    const id = `${edge.from}>${edge.to}`;
    if (!pairs.has(id)) pairs.set(id, { id, source: edge.from, target: edge.to });
  }
  return {
    nodes: graph.nodes.map((node) => ({ id: node.key, ...nodeSize(node, expanded.has(node.key)) })),
    edges: [...pairs.values()],
  };
};

/** PII sources as the page words them: "PII (from transactions.card_number)". */
export const piiLabel = (sources: readonly string[]) =>
  sources.length
    ? `PII (from ${sources.slice(0, 3).join(", ")}${sources.length > 3 ? ` +${sources.length - 3}` : ""})`
    : "";

export type TViewport = { x: number; y: number; zoom: number };

/**
 * Where the graph opens (xyflow's viewport: a flow point p shows at p * zoom + (x, y)). The boxes of `focus` fill
 * the pane (with `padding` around them), never closer than `maxZoom`; when they only fit below `minZoom`, the root
 * is centred at `minZoom` instead, so a large graph opens readable on its root rather than shrunk to dots. Computed
 * before the first render, so xyflow renders once, only the nodes in this view (no fitView after measuring).
 */
export const initialViewport = ({
  boxes,
  focus,
  root,
  pane,
  padding = 0.1,
  minZoom = 0.5,
  maxZoom = 1,
}: {
  boxes: ReadonlyMap<string, { x: number; y: number; width: number; height: number }>;
  focus: readonly string[];
  root: string;
  pane: { width: number; height: number };
  padding?: number;
  minZoom?: number;
  maxZoom?: number;
}): TViewport => {
  const shown = focus.flatMap((key) => boxes.get(key) ?? []);
  if (!shown.length) return { x: 0, y: 0, zoom: 1 };
  const left = Math.min(...shown.map((b) => b.x));
  const top = Math.min(...shown.map((b) => b.y));
  const right = Math.max(...shown.map((b) => b.x + b.width));
  const bottom = Math.max(...shown.map((b) => b.y + b.height));
  const fit = Math.min(
    pane.width / ((right - left) * (1 + 2 * padding)),
    pane.height / ((bottom - top) * (1 + 2 * padding)),
  );
  const zoom = Math.min(maxZoom, Math.max(minZoom, fit));
  const rootBox = boxes.get(root);
  const [cx, cy] =
    fit < minZoom && rootBox
      ? [rootBox.x + rootBox.width / 2, rootBox.y + rootBox.height / 2]
      : [(left + right) / 2, (top + bottom) / 2];
  return { x: pane.width / 2 - cx * zoom, y: pane.height / 2 - cy * zoom, zoom };
};
