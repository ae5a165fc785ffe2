import "server-only";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { ConflictError, ForbiddenError } from "../errors";
import type { TProjectAccess, TRequestContext } from "../principal";
import { deleteVersion, type TVersionedEntity } from "./version-lock";
import { hasScope } from "@/lib/scopes";

// Forced deletes (docs/lineage.md "Forced delete"): a delete that would break consumers is refused with 409 naming
// them unless forced (`?force=true`) by a principal holding `lineage:override` (Owners). Forced, the dependents stay
// and are marked broken ("LineageBroken"); reading through them fails with a 409 naming what was deleted.

export type TDeletedArtifact = {
  kind: "feature_group" | "feature_view" | "training_dataset";
  id: string;
  label: string;
};

/** 403 when `force` is asked without `lineage:override` (called only when the delete would break something). */
const assertMayForce = ({ access, force }: { access: TProjectAccess; force: boolean }) => {
  if (force && !hasScope({ scopes: access.scopes, required: "lineage:override" }))
    throw new ForbiddenError("A forced delete (?force=true) needs the lineage:override scope (Owners)");
};

/** 409 naming the dependents, unless forced. */
const refuseBreakingDelete = ({
  deleted,
  dependents,
  force,
}: {
  deleted: TDeletedArtifact;
  dependents: string[];
  force: boolean;
}) => {
  if (!dependents.length || force) return;
  throw new ConflictError(
    `${deleted.label} is used by ${dependents.join(", ")}; delete ${dependents.length > 1 ? "them" : "it"} first, or force the delete (?force=true, Owners) to keep ${dependents.length > 1 ? "them" : "it"} marked broken`,
  );
};

/**
 * Marks everything downstream of the artifact broken (artifact-level lineage edges, transitively), naming it. Runs
 * in the delete's transaction, before the row goes (its edges go with it).
 */
const markDependentsBroken = async ({
  tx,
  projectId,
  deleted,
  deletedById,
}: {
  tx: Prisma.TransactionClient;
  projectId: string;
  deleted: TDeletedArtifact;
  deletedById: string | null;
}) => {
  const reason = `Built on ${deleted.label}, which was deleted`;
  return tx.$executeRaw`
    WITH RECURSIVE down(kind, id) AS (
      SELECT "toKind", "toId" FROM "LineageEdge"
       WHERE "projectId" = ${projectId} AND "fromKind" = ${deleted.kind} AND "fromId" = ${deleted.id}
         AND "fromColumn" = '' AND "toColumn" = ''
      UNION
      SELECT e."toKind", e."toId" FROM "LineageEdge" e JOIN down d ON e."fromKind" = d.kind AND e."fromId" = d.id
       WHERE e."projectId" = ${projectId} AND e."fromColumn" = '' AND e."toColumn" = ''
    )
    INSERT INTO "LineageBroken" ("kind", "id", "projectId", "reason", "deletedKind", "deletedName", "deletedById")
    SELECT kind, id, ${projectId}, ${reason}, ${deleted.kind}, ${deleted.label}, ${deletedById} FROM down
     WHERE (kind, id) <> (${deleted.kind}, ${deleted.id})
    ON CONFLICT ("kind", "id") DO NOTHING`;
};

/** "model fraud_model v1" for each model trained on the view or on one of the datasets. */
export const modelsUsing = async ({
  featureViewId,
  trainingDatasetIds,
}: {
  featureViewId?: string;
  trainingDatasetIds: string[];
}) => {
  const models = await db.model.findMany({
    where: {
      OR: [
        ...(featureViewId ? [{ featureViewId }] : []),
        { trainingDatasets: { some: { trainingDatasetId: { in: trainingDatasetIds } } } },
      ],
    },
    select: { name: true, version: true },
    orderBy: [{ name: "asc" }, { version: "asc" }],
  });
  return models.map((model) => `model ${model.name} v${model.version}`);
};

/**
 * Deletes a version that `dependents` ("feature view fraud v1") are built on: 409 naming them unless `force`, which
 * needs `lineage:override` (403 without); forced, they stay, marked broken, and the audit event lists them.
 */
export const deleteBreakingVersion = async ({
  ctx,
  access,
  entity,
  row,
  deleted,
  dependents,
  force,
  details,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  entity: TVersionedEntity;
  row: { id: string; name: string; version: number };
  deleted: TDeletedArtifact;
  dependents: string[];
  force: boolean;
  details?: Record<string, unknown>;
}) => {
  if (dependents.length) assertMayForce({ access, force });
  refuseBreakingDelete({ deleted, dependents, force });
  await deleteVersion({
    ctx,
    access,
    entity,
    row,
    details: { ...details, ...(dependents.length ? { forced: true, broken: dependents } : {}) },
    before: (tx) =>
      markDependentsBroken({ tx, projectId: access.project.id, deleted, deletedById: ctx.principal.userId }),
  });
};
