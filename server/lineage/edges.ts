import "server-only";
import type { TLineageNodeKind, TLineageTarget } from "@/lib/api/lineage";
import type { TPiiOrigin, TRawEdge } from "@/lib/lineage/graph";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere } from "../access-where";
import type { TProjectAccess } from "../principal";
import { db } from "../db/client";
import { NotFoundError } from "../errors";
import { lineageResolver } from "./kinds";

// Loading what the pure builder (lib/lineage/graph.ts) works on: a project's edges and its PII origins.

export const loadProjectEdges = async (projectId: string): Promise<TRawEdge[]> => {
  const rows = await db.lineageEdge.findMany({ where: { projectId }, orderBy: { id: "asc" } });
  return rows.map((row) => ({
    id: String(row.id),
    fromKind: row.fromKind,
    fromId: row.fromId,
    fromColumn: row.fromColumn,
    toKind: row.toKind,
    toId: row.toId,
    toColumn: row.toColumn,
    attributes: (row.attributes ?? {}) as Record<string, unknown>,
    deidentifying: row.deidentifying,
    deidentifyingReason: row.deidentifyingReason,
  }));
};

const TAG_KIND_TO_NODE: Record<string, TLineageNodeKind> = {
  feature: "feature_group",
  featureGroup: "feature_group",
  featureView: "feature_view",
  trainingDataset: "training_dataset",
};

/**
 * Every `pii` tag of the project as an origin: a feature → its column (`transactions.card_number`); a whole group,
 * view or dataset → all its columns. Read at every request, so a tag edit shows at once.
 */
export const loadPiiOrigins = async (projectId: string): Promise<TPiiOrigin[]> => {
  const tags = await db.tag.findMany({
    where: { projectId, schemaName: "pii" },
    select: { targetKind: true, targetId: true, featureName: true },
  });
  const groupIds = tags
    .filter((t) => t.targetKind === "feature" || t.targetKind === "featureGroup")
    .map((t) => t.targetId);
  const viewIds = tags.filter((t) => t.targetKind === "featureView").map((t) => t.targetId);
  const datasetIds = tags.filter((t) => t.targetKind === "trainingDataset").map((t) => t.targetId);
  const [groups, views, datasets] = await Promise.all([
    db.featureGroup.findMany({
      where: { ...featureGroupWhere({ projectId, intent: "read" }), id: { in: groupIds } },
      select: { id: true, name: true },
    }),
    db.featureView.findMany({
      where: { ...featureViewWhere({ projectId, intent: "read" }), id: { in: viewIds } },
      select: { id: true, name: true },
    }),
    db.trainingDataset.findMany({
      where: { ...trainingDatasetWhere({ projectId, intent: "read" }), id: { in: datasetIds } },
      select: { id: true, name: true },
    }),
  ]);
  const names = new Map([...groups, ...views, ...datasets].map((row) => [row.id, row.name]));
  return tags.flatMap((tag) => {
    const kind = TAG_KIND_TO_NODE[tag.targetKind];
    const name = names.get(tag.targetId);
    if (!kind || !name) return [];
    return tag.targetKind === "feature"
      ? [{ kind, id: tag.targetId, column: tag.featureName, source: `${name}.${tag.featureName}` }]
      : [{ kind, id: tag.targetId, column: "*", source: name }];
  });
};

/** The artifact a request names, or 404 naming the field's value. */
export const findLineageTarget = async ({ access, target }: { access: TProjectAccess; target: TLineageTarget }) => {
  const resolver = lineageResolver(target.kind);
  const id = resolver
    ? await resolver.find({ projectId: access.project.id, name: target.name, version: target.version })
    : null;
  if (!resolver || !id)
    throw new NotFoundError(`${resolver?.label ?? target.kind} '${target.name}' version ${target.version} not found`);
  return { kind: target.kind, id, label: resolver.label };
};
