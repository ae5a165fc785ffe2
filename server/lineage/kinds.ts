import "server-only";
import type { TLineageNodeKind, TLineageNodeStatus } from "@/lib/api/lineage";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere } from "../access-where";
import { db } from "../db/client";

// Node kinds plug in here (docs/lineage.md "Node kinds"): a resolver names the artifacts of its kind, finds one by
// name and version, and says its status and columns. Feature groups, views and datasets are built in; the model
// registry and data sources (rooms above lineage) call `registerLineageNodeKind` from their index and insert their
// edges into "LineageEdge".

export type TLineageNodeInfo = {
  id: string;
  name: string;
  version: number | null;
  status: TLineageNodeStatus;
  columns: string[];
};

/** @public */
export type TLineageNodeResolver = {
  kind: TLineageNodeKind;
  /** Label in messages: "feature view". */
  label: string;
  /** The artifacts among `ids` that the project may read. */
  resolve: (args: { projectId: string; ids: string[] }) => Promise<TLineageNodeInfo[]>;
  /** The id of the artifact by name and version, or null when there is none (or the project cannot read it). */
  find: (args: { projectId: string; name: string; version: number }) => Promise<string | null>;
};

const OK: TLineageNodeStatus = { state: "ok", message: null };

const featureGroups: TLineageNodeResolver = {
  kind: "feature_group",
  label: "feature group",
  resolve: async ({ projectId, ids }) => {
    const rows = await db.featureGroup.findMany({
      where: { ...featureGroupWhere({ projectId, intent: "read" }), id: { in: ids } },
      select: {
        id: true,
        name: true,
        version: true,
        features: { select: { name: true }, orderBy: { position: "asc" } },
      },
    });
    return rows.map((row) => ({ ...row, status: OK, columns: row.features.map((f) => f.name) }));
  },
  find: async ({ projectId, name, version }) =>
    (
      await db.featureGroup.findFirst({
        where: { ...featureGroupWhere({ projectId, intent: "read" }), name, version },
        select: { id: true },
      })
    )?.id ?? null,
};

const viewColumns = (plan: unknown): string[] =>
  ((plan as { featureTypes?: [string, string][] }).featureTypes ?? []).map(([name]) => name);

const featureViews: TLineageNodeResolver = {
  kind: "feature_view",
  label: "feature view",
  resolve: async ({ projectId, ids }) => {
    const rows = await db.featureView.findMany({
      where: { ...featureViewWhere({ projectId, intent: "read" }), id: { in: ids } },
      select: { id: true, name: true, version: true, plan: true },
    });
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      version: row.version,
      status: OK,
      columns: viewColumns(row.plan),
    }));
  },
  find: async ({ projectId, name, version }) =>
    (
      await db.featureView.findFirst({
        where: { ...featureViewWhere({ projectId, intent: "read" }), name, version },
        select: { id: true },
      })
    )?.id ?? null,
};

// A dataset pinned to an older commit of a group than the group's latest is stale: re-create it to read new data.
const datasetStatus = (row: {
  status: string;
  sourceCommits: {
    featureGroupName: string;
    featureGroupVersion: number;
    deltaVersion: number;
    featureGroup: { deltaVersion: number } | null;
  }[];
}): TLineageNodeStatus => {
  if (row.status === "FAILED") return { state: "failed", message: "Its training job failed" };
  if (row.status !== "READY") return { state: "pending", message: `Being created (${row.status.toLowerCase()})` };
  const behind = row.sourceCommits.filter((s) => s.featureGroup && s.featureGroup.deltaVersion > s.deltaVersion);
  if (!behind.length) return OK;
  return {
    state: "stale",
    message: `Pinned to ${behind
      .map(
        (s) =>
          `${s.featureGroupName} v${s.featureGroupVersion} commit ${s.deltaVersion} (latest ${s.featureGroup!.deltaVersion})`,
      )
      .join(", ")}`,
  };
};

const trainingDatasets: TLineageNodeResolver = {
  kind: "training_dataset",
  label: "training dataset",
  resolve: async ({ projectId, ids }) => {
    const rows = await db.trainingDataset.findMany({
      where: { ...trainingDatasetWhere({ projectId, intent: "read" }), id: { in: ids } },
      select: {
        id: true,
        name: true,
        version: true,
        status: true,
        columns: true,
        featureView: { select: { plan: true } },
        sourceCommits: {
          select: {
            featureGroupName: true,
            featureGroupVersion: true,
            deltaVersion: true,
            featureGroup: { select: { deltaVersion: true } },
          },
        },
      },
    });
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      version: row.version,
      status: datasetStatus(row),
      // Kept after its view's forced delete: the columns its files recorded.
      columns: row.featureView
        ? viewColumns(row.featureView.plan)
        : (row.columns as { name: string }[]).map((column) => column.name),
    }));
  },
  find: async ({ projectId, name, version }) =>
    (
      await db.trainingDataset.findFirst({
        where: { ...trainingDatasetWhere({ projectId, intent: "read" }), name, version },
        select: { id: true },
      })
    )?.id ?? null,
};

const RESOLVERS = new Map<TLineageNodeKind, TLineageNodeResolver>(
  [featureGroups, featureViews, trainingDatasets].map((resolver) => [resolver.kind, resolver]),
);

/**
 * Adds a node kind (models, data sources): called once from the kind's room when it loads.
 * @public (issue 18 plugs models and data sources in here)
 */
export const registerLineageNodeKind = (resolver: TLineageNodeResolver) => {
  RESOLVERS.set(resolver.kind, resolver);
};

export const lineageResolver = (kind: TLineageNodeKind): TLineageNodeResolver | undefined => RESOLVERS.get(kind);

/** Names and statuses of the given nodes, by key (`<kind>:<id>`); a node no resolver knows is left out. */
export const resolveLineageNodes = async ({ projectId, keys }: { projectId: string; keys: Iterable<string> }) => {
  const byKind = new Map<TLineageNodeKind, string[]>();
  for (const key of keys) {
    const at = key.indexOf(":");
    const kind = key.slice(0, at) as TLineageNodeKind;
    byKind.set(kind, [...(byKind.get(kind) ?? []), key.slice(at + 1)]);
  }
  const found = new Map<string, TLineageNodeInfo & { kind: TLineageNodeKind }>();
  for (const [kind, ids] of byKind) {
    const resolver = RESOLVERS.get(kind);
    if (!resolver) continue;
    for (const info of await resolver.resolve({ projectId, ids })) found.set(`${kind}:${info.id}`, { ...info, kind });
  }
  const broken = await db.lineageBroken.findMany({
    where: { projectId, OR: [...byKind].map(([kind, ids]) => ({ kind, id: { in: ids } })) },
  });
  for (const mark of broken) {
    const node = found.get(`${mark.kind}:${mark.id}`);
    if (node) node.status = { state: "broken", message: mark.reason };
  }
  return found;
};
