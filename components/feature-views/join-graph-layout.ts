import type { TJoinGraph, TJoinGraphNode } from "./join-graph";

// The pure layout step of the join diagram: one column per join depth (root left, snowflake groups further
// right), nodes stacked in declaration order within a column and the columns centred on each other.

// Sized for the node card in join-diagram.tsx: a header line plus one line per key column.
export const NODE_WIDTH = 220;
const NODE_HEADER_HEIGHT = 52;
const KEY_LINE_HEIGHT = 20;
const COLUMN_GAP = 160;
const ROW_GAP = 32;

type TPositionedNode = TJoinGraphNode & { x: number; y: number; width: number; height: number };
export type TJoinLayout = { nodes: TPositionedNode[]; edges: TJoinGraph["edges"]; width: number; height: number };

const nodeHeight = (node: TJoinGraphNode): number =>
  NODE_HEADER_HEIGHT + Math.max(1, node.keyColumns.length) * KEY_LINE_HEIGHT;

export const layoutJoinGraph = (graph: TJoinGraph): TJoinLayout => {
  const columns = new Map<number, TJoinGraphNode[]>();
  for (const node of graph.nodes) columns.set(node.depth, [...(columns.get(node.depth) ?? []), node]);
  const columnHeight = (nodes: TJoinGraphNode[]) =>
    nodes.reduce((sum, node) => sum + nodeHeight(node), 0) + ROW_GAP * (nodes.length - 1);
  const height = Math.max(0, ...[...columns.values()].map(columnHeight));
  const positioned: TPositionedNode[] = [];
  for (const [depth, nodes] of [...columns.entries()].sort(([a], [b]) => a - b)) {
    let y = (height - columnHeight(nodes)) / 2;
    for (const node of nodes) {
      const nodeSize = nodeHeight(node);
      positioned.push({ ...node, x: depth * (NODE_WIDTH + COLUMN_GAP), y, width: NODE_WIDTH, height: nodeSize });
      y += nodeSize + ROW_GAP;
    }
  }
  // Keep declaration order (root first) so the renderer's tab order follows the definition.
  const order = new Map(graph.nodes.map((node, index) => [node.id, index]));
  positioned.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const depths = graph.nodes.length ? Math.max(...graph.nodes.map((node) => node.depth)) + 1 : 0;
  return {
    nodes: positioned,
    edges: graph.edges,
    width: depths * NODE_WIDTH + Math.max(0, depths - 1) * COLUMN_GAP,
    height,
  };
};
