import "server-only";
import type { TPiiFlow, TPiiFlowQuery } from "@/lib/api/lineage";
import { nodeKey, propagatePii } from "@/lib/lineage/graph";
import { featureGroupWhere } from "../access-where";
import { db } from "../db/client";
import { NotFoundError } from "../errors";
import type { TProjectAccess } from "../principal";
import { loadPiiOrigins, loadProjectEdges } from "./edges";
import { resolveLineageNodes } from "./kinds";
import { readersOf } from "./reads";

/**
 * "Where does this PII go": every column (and column-less node, such as a model) that PII reaches downstream of its
 * origin, with who read its values (audit log). For the whole project, one PII group, or one PII feature.
 */
export const getPiiFlow = async ({
  access,
  query,
}: {
  access: TProjectAccess;
  query: TPiiFlowQuery;
}): Promise<TPiiFlow> => {
  const projectId = access.project.id;
  if (query.feature && !query.group) throw new NotFoundError("Give the feature's group as `group`");
  if (query.group) {
    const group = await db.featureGroup.findFirst({
      where: { ...featureGroupWhere({ projectId, intent: "read" }), name: query.group },
      select: {
        id: true,
        features: query.feature ? { where: { name: query.feature }, select: { name: true } } : undefined,
      },
    });
    if (!group) throw new NotFoundError(`Feature group '${query.group}' not found`);
    if (query.feature && !group.features?.length)
      throw new NotFoundError(`Feature '${query.feature}' of '${query.group}' not found`);
  }
  const [edges, allOrigins] = await Promise.all([loadProjectEdges(projectId), loadPiiOrigins(projectId)]);
  const origins = allOrigins.filter(
    (origin) =>
      !query.group ||
      (query.feature
        ? origin.source === `${query.group}.${query.feature}`
        : origin.source.split(".")[0] === query.group),
  );
  const reach = propagatePii({ edges, origins });
  const originColumns = new Set(origins.map((o) => `${nodeKey(o.kind, o.id)}\u0000${o.column}`));
  const cells: { key: string; column: string; sources: Set<string> }[] = [];
  for (const [key, sources] of reach.columns) {
    const [node, column] = key.split("\u0000");
    if (!originColumns.has(key) && !originColumns.has(`${node}\u0000*`)) cells.push({ key: node, column, sources });
  }
  // Column-less nodes (models) reached over artifact edges.
  const withColumns = new Set(cells.map((cell) => cell.key));
  for (const [key, sources] of reach.nodes)
    if (!withColumns.has(key) && !origins.some((o) => nodeKey(o.kind, o.id) === key))
      cells.push({ key, column: "", sources });
  const infos = await resolveLineageNodes({ projectId, keys: new Set(cells.map((c) => c.key)) });
  const readers = await readersOf({ projectId, ids: [...infos.values()].map((info) => info.id) });
  const rows = cells.flatMap((cell) => {
    const info = infos.get(cell.key);
    if (!info) return [];
    return [...cell.sources].map((source) => ({
      source,
      kind: info.kind,
      name: info.name,
      version: info.version,
      column: cell.column,
      readers: readers.get(info.id) ?? [],
    }));
  });
  const order = ["data_source", "feature_group", "feature_view", "training_dataset", "model"];
  rows.sort(
    (a, b) =>
      a.source.localeCompare(b.source) ||
      order.indexOf(a.kind) - order.indexOf(b.kind) ||
      a.name.localeCompare(b.name) ||
      (a.version ?? 0) - (b.version ?? 0) ||
      a.column.localeCompare(b.column),
  );
  return { rows };
};
