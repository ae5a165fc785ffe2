import "server-only";
import type { TLineageImpact, TLineageTarget } from "@/lib/api/lineage";
import { LINEAGE_KIND_LABELS } from "@/lib/api/lineage";
import { nodeKey, walkLineage } from "@/lib/lineage/graph";
import type { TProjectAccess } from "../principal";
import { findLineageTarget, loadProjectEdges } from "./edges";
import { resolveLineageNodes } from "./kinds";
import { readersOf } from "./reads";

const RECENT_MS = 7 * 24 * 3600 * 1000;
// Far enough for any real chain (source → group → derived groups → view → dataset → model).
const IMPACT_DEPTH = 64;

/**
 * What depends on an artifact, transitively downstream: derived groups, views, datasets, models (and, as kinds plug
 * in, whatever else records edges from it), each with its value reads of the last 7 days (serving included).
 */
export const getLineageImpact = async ({
  access,
  target,
}: {
  access: TProjectAccess;
  target: TLineageTarget;
}): Promise<TLineageImpact> => {
  const projectId = access.project.id;
  const root = await findLineageTarget({ access, target });
  const rootKey = nodeKey(root.kind, root.id);
  const walk = walkLineage({
    edges: await loadProjectEdges(projectId),
    root: rootKey,
    depth: IMPACT_DEPTH,
    direction: "downstream",
  });
  const keys = [...walk.distances.keys()].filter((key) => key !== rootKey);
  const infos = await resolveLineageNodes({ projectId, keys });
  const reads = await readersOf({
    projectId,
    ids: [...infos.values()].map((info) => info.id),
    since: new Date(Date.now() - RECENT_MS),
  });
  const dependents = keys.flatMap((key) => {
    const info = infos.get(key);
    if (!info) return [];
    return [
      {
        kind: info.kind,
        id: info.id,
        name: info.name,
        version: info.version,
        distance: walk.distances.get(key)!,
        recentReads: (reads.get(info.id) ?? []).reduce((sum, reader) => sum + reader.reads, 0),
      },
    ];
  });
  dependents.sort((a, b) => a.distance - b.distance || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  return {
    target: { kind: root.kind, id: root.id, name: target.name, version: target.version },
    dependents,
    summary: dependents.map(describeDependent).join(", "),
  };
};

const describeDependent = (d: { kind: keyof typeof LINEAGE_KIND_LABELS; name: string; version: number | null }) =>
  `${LINEAGE_KIND_LABELS[d.kind].toLowerCase()} ${d.name}${d.version === null ? "" : ` v${d.version}`}`;
