import type { TLineageEdge, TLineageGraph, TLineageNode, TLineageNodeKind } from "../../lib/api/lineage";

// A synthetic lineage graph of about `size` artifacts: groups feed views (two each), views feed datasets, datasets
// feed models, each with a few columns and some PII, as the benchmark renders it.

export const syntheticGraph = (size: number): TLineageGraph => {
  const nodes: TLineageNode[] = [];
  const edges: TLineageEdge[] = [];
  const counts: [TLineageNodeKind, number][] = [
    ["feature_group", Math.max(1, Math.round(size * 0.15))],
    ["feature_view", Math.max(1, Math.round(size * 0.3))],
    ["training_dataset", Math.max(1, Math.round(size * 0.4))],
  ];
  counts.push(["model", Math.max(1, size - counts.reduce((sum, [, n]) => sum + n, 0))]);
  const layers = counts.map(([kind, count], layer) =>
    Array.from({ length: count }, (_, i) => {
      const node: TLineageNode = {
        key: `${kind}:${kind}_${i}`,
        kind,
        id: `${kind}_${i}`,
        name: `${kind}_${i}`,
        version: 1,
        status: { state: i % 17 === 0 ? "stale" : "ok", message: null },
        distance: layer,
        columns: Array.from({ length: 5 }, (_, c) => ({ name: `c${c}`, pii: c === 0 && i % 3 === 0 ? ["g.c0"] : [] })),
        pii: i % 3 === 0 ? ["g.c0"] : [],
        more: { upstream: false, downstream: false },
      };
      nodes.push(node);
      return node;
    }),
  );
  let id = 0;
  for (let layer = 1; layer < layers.length; layer += 1)
    layers[layer].forEach((node, i) => {
      const above = layers[layer - 1];
      for (const parent of new Set([above[i % above.length], above[(i * 7 + 1) % above.length]]))
        edges.push({
          id: String((id += 1)),
          from: parent.key,
          to: node.key,
          fromColumn: "",
          toColumn: "",
          attributes: {},
          pii: parent.pii,
          deidentifying: false,
          deidentifyingReason: null,
        });
    });
  // Distances from the root (the first group), as the API gives them; unreachable nodes count as far away.
  const distance = new Map([[nodes[0].key, 0]]);
  for (const edge of edges) {
    const from = distance.get(edge.from);
    if (from !== undefined && !distance.has(edge.to)) distance.set(edge.to, from + 1);
  }
  for (const node of nodes) node.distance = distance.get(node.key) ?? 99;
  return { root: nodes[0].key, depth: 10, nodes, edges };
};
