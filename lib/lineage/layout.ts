import type { ELK, ElkNode } from "elkjs/lib/elk-api";
import type { TLayoutInput, TLayoutResult } from "./view";

// The pure layout step (docs/lineage.md): ELK's layered algorithm, left to right, over boxes and artifact edges.
// ELK computes in a Web Worker in the browser (components/lineage/elk.worker.ts, behind elkjs's API) so a 2,000-node
// graph never blocks the main thread; `elk` is passed in so the page, the benchmark and tests choose their ELK.

const OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.layered.spacing.nodeNodeBetweenLayers": "120",
  "elk.spacing.nodeNode": "28",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.edgeRouting": "POLYLINE",
};

/**
 * Above this many nodes the page lays out with `layeredLayout` (lib/lineage/layered.ts) in its own worker instead of
 * ELK: ELK's layered algorithm took ~0.5–1 s for 50–300 nodes and 5–13 s for 2,000 here (Node, load 9–10), and its
 * worker parses 3 MB first; the layered layout takes tens of ms for 2,000. ELK stays for the graphs people open
 * (depth 1–3: tens of nodes), where its crossing minimisation gives the tidier picture.
 */
const ELK_MAX_NODES = 150;

export const layoutEngineFor = (input: TLayoutInput): "elk" | "layered" =>
  input.nodes.length > ELK_MAX_NODES ? "layered" : "elk";

export const layoutLineage = async (elk: ELK, input: TLayoutInput): Promise<TLayoutResult> => {
  const ids = new Set(input.nodes.map((node) => node.id));
  const graph: ElkNode = {
    id: "root",
    layoutOptions: OPTIONS,
    children: input.nodes.map((node) => ({ id: node.id, width: node.width, height: node.height })),
    edges: input.edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
      .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  };
  const result = await elk.layout(graph);
  const positions: TLayoutResult["positions"] = {};
  for (const child of result.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  return { positions, width: result.width ?? 0, height: result.height ?? 0 };
};
