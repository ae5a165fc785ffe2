import "server-only";
import type { TLineageImpact, TLineageNodeKind, TLineageTarget } from "@/lib/api/lineage";
import { LINEAGE_KIND_LABELS } from "@/lib/api/lineage";
import { nodeKey, walkLineage } from "@/lib/lineage/graph";
import { db } from "../db/client";
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
  const served = await servedVectorsOf({
    projectId,
    featureViewIds: [
      ...(root.kind === "feature_view" ? [root.id] : []),
      ...[...infos.values()].filter((info) => info.kind === "feature_view").map((info) => info.id),
    ],
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
        servedVectors: served.get(info.id) ?? 0,
      },
    ];
  });
  dependents.sort((a, b) => a.distance - b.distance || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  const monitors = await monitorsOn({
    projectId,
    nodes: [
      { kind: root.kind, id: root.id, name: target.name, version: target.version },
      ...dependents.flatMap((d) => (d.version === null ? [] : [{ ...d, version: d.version }])),
    ],
  });
  return {
    target: {
      kind: root.kind,
      id: root.id,
      name: target.name,
      version: target.version,
      servedVectors: served.get(root.id) ?? 0,
    },
    dependents,
    monitors,
    summary: [...dependents.map(describeDependent), ...monitors.map((m) => `monitor ${m.name}`)].join(", "),
  };
};

/**
 * Online serving: the vectors the feature server served per feature view since `since`, from its per-minute serving
 * metrics (docs/serving-observability.md; kept LARDER_SERVING_METRICS_RETENTION_HOURS).
 */
const servedVectorsOf = async ({
  projectId,
  featureViewIds,
  since,
}: {
  projectId: string;
  featureViewIds: string[];
  since: Date;
}) => {
  if (!featureViewIds.length) return new Map<string, number>();
  const sums = await db.servingMetricMinute.groupBy({
    by: ["featureViewId"],
    where: { featureViewId: { in: featureViewIds }, featureView: { projectId }, minute: { gte: since } },
    _sum: { vectors: true },
  });
  return new Map(sums.map((sum) => [sum.featureViewId, sum._sum.vectors ?? 0]));
};

type TImpactNode = { kind: TLineageNodeKind; id: string; name: string; version: number };

/** The monitoring configurations on any of the nodes (a monitor watches a feature group or a feature view). */
const monitorsOn = async ({ projectId, nodes }: { projectId: string; nodes: TImpactNode[] }) => {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const idsOf = (kind: TLineageNodeKind) => nodes.filter((node) => node.kind === kind).map((node) => node.id);
  const rows = await db.monitor.findMany({
    where: {
      projectId,
      OR: [{ featureGroupId: { in: idsOf("feature_group") } }, { featureViewId: { in: idsOf("feature_view") } }],
    },
    select: { name: true, featureGroupId: true, featureViewId: true },
    orderBy: { name: "asc" },
  });
  return rows.map((row) => {
    const on = (byId.get(row.featureGroupId ?? "") ?? byId.get(row.featureViewId ?? ""))!;
    return { name: row.name, on: { kind: on.kind, name: on.name, version: on.version } };
  });
};

const describeDependent = (d: { kind: keyof typeof LINEAGE_KIND_LABELS; name: string; version: number | null }) =>
  `${LINEAGE_KIND_LABELS[d.kind].toLowerCase()} ${d.name}${d.version === null ? "" : ` v${d.version}`}`;
