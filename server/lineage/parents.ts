import "server-only";
import type { TLineageParents } from "@/lib/api/lineage";
import { closesCycle, nodeKey } from "@/lib/lineage/graph";
import { featureGroupWhere } from "../access-where";
import { withAuditEvent } from "../audit/record";
import { db } from "../db/client";
import { foundVersion, InvalidInputError } from "../errors";
import type { TVersionAction } from "../principal";
import { loadProjectEdges } from "./edges";

/**
 * Replaces a feature group's declared parents (a derived group). A parent that is the group itself or one of its
 * descendants would close a cycle: 422 naming `parents.<i>`, nothing saved.
 */
export const putLineageParents = async ({
  ctx,
  access,
  name,
  version,
  body,
}: TVersionAction & { body: TLineageParents }) => {
  const projectId = access.project.id;
  const child = foundVersion(
    await db.featureGroup.findFirst({
      where: { ...featureGroupWhere({ projectId, intent: "write" }), name, version },
      select: { id: true },
    }),
    "Feature group",
    { name, version },
  );
  const parents = body.parents ?? [];
  const found = parents.length
    ? await db.featureGroup.findMany({
        where: {
          ...featureGroupWhere({ projectId, intent: "read" }),
          OR: parents.map((p) => ({ name: p.name, version: p.version })),
        },
        select: { id: true, name: true, version: true },
      })
    : [];
  const edges = (await loadProjectEdges(projectId)).filter(
    // The group's current declared parents are being replaced: they do not count.
    (edge) => !(edge.toKind === "feature_group" && edge.toId === child.id && edge.attributes.declared === true),
  );
  const issues: { path: string; message: string }[] = [];
  const parentIds = parents.map((p, index) => {
    const row = found.find((r) => r.name === p.name && r.version === p.version);
    if (!row)
      issues.push({ path: `parents.${index}`, message: `feature group '${p.name}' version ${p.version} not found` });
    else if (
      closesCycle({ edges, parent: nodeKey("feature_group", row.id), child: nodeKey("feature_group", child.id) })
    )
      issues.push({
        path: `parents.${index}`,
        message: `'${p.name}' v${p.version} is derived from '${name}' v${version} (or is it): a cycle`,
      });
    return row?.id ?? "";
  });
  if (issues.length) throw new InvalidInputError("The parents are not valid", issues);
  await withAuditEvent(
    async (tx) => {
      await tx.lineageEdge.deleteMany({
        where: { toKind: "feature_group", toId: child.id, attributes: { path: ["declared"], equals: true } },
      });
      for (const parentId of new Set(parentIds))
        await tx.$executeRaw`SELECT larder_lineage_declare_parent(${child.id}, ${parentId})`;
    },
    () => ({
      ctx,
      project: access.project,
      action: "lineage.parents.update",
      resourceType: "featureGroup",
      resourceId: child.id,
      resourceName: `${name} v${version}`,
      details: { parents: parents.map((p) => `${p.name} v${p.version}`) },
    }),
  );
  return { parents };
};
