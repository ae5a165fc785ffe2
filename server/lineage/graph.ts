import "server-only";
import type { TLineageGraph, TLineageQuery } from "@/lib/api/lineage";
import { nodeKey, piiOfColumn, piiOfEdge, propagatePii, walkLineage } from "@/lib/lineage/graph";
import type { TProjectAccess } from "../principal";
import { findLineageTarget, loadPiiOrigins, loadProjectEdges } from "./edges";
import { resolveLineageNodes } from "./kinds";

/** The lineage graph around one artifact: the pure walk over the project's edges, nodes named by their kind. */
export const getLineageGraph = async ({
  access,
  query,
}: {
  access: TProjectAccess;
  query: TLineageQuery;
}): Promise<TLineageGraph> => {
  const { depth, direction, ...target } = query;
  const root = await findLineageTarget({ access, target });
  const projectId = access.project.id;
  const [edges, origins] = await Promise.all([loadProjectEdges(projectId), loadPiiOrigins(projectId)]);
  const rootKey = nodeKey(root.kind, root.id);
  const walk = walkLineage({ edges, root: rootKey, depth, direction });
  const reach = propagatePii({ edges, origins });
  const infos = await resolveLineageNodes({ projectId, keys: walk.distances.keys() });
  const nodes = [...walk.distances].flatMap(([key, distance]) => {
    const info = infos.get(key);
    if (!info) return [];
    return [
      {
        key,
        kind: info.kind,
        id: info.id,
        name: info.name,
        version: info.version,
        status: info.status,
        distance,
        columns: info.columns.map((name) => ({ name, pii: piiOfColumn(reach, info.kind, info.id, name) })),
        pii: [...(reach.nodes.get(key) ?? [])].sort(),
        more: walk.more.get(key) ?? { upstream: false, downstream: false },
      },
    ];
  });
  const shown = new Set(nodes.map((node) => node.key));
  return {
    root: rootKey,
    depth,
    nodes,
    edges: walk.edges
      .filter((edge) => shown.has(nodeKey(edge.fromKind, edge.fromId)) && shown.has(nodeKey(edge.toKind, edge.toId)))
      .map((edge) => ({
        id: edge.id,
        from: nodeKey(edge.fromKind, edge.fromId),
        to: nodeKey(edge.toKind, edge.toId),
        fromColumn: edge.fromColumn,
        toColumn: edge.toColumn,
        attributes: edge.attributes,
        pii: piiOfEdge(reach, edge, walk.edges),
        deidentifying: edge.deidentifying,
        deidentifyingReason: edge.deidentifyingReason,
      })),
  };
};
