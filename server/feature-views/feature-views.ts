import "server-only";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { ConflictError, foundVersion } from "../errors";
import { newId } from "../ids";
import { recordAuditEvent } from "../audit/record";
import { creatorEmail } from "../registry/users";
import type { TProjectAccess, TRequestContext, TVersionAction, TVersionRead, TVersionRef } from "../principal";
import {
  featureViewWhere,
  preferOwn,
  sharedFromMarks,
  trainingDatasetWhere,
  type TRegistryReader,
  type TSharedFrom,
} from "../access-where";
import { createVersion } from "../registry/version-lock";
import { recordDefinitionRevision } from "../registry/definition-history";
import { deleteBreakingVersion, modelsUsing } from "../registry/lineage-broken";
import { ZCreateFeatureViewSchema, type TCreateFeatureView, type TFeatureView } from "@/lib/api/feature-views";
import { planFeatureView, type TFeatureViewPlan } from "./plan";

// Feature views in the registry: versioned metadata (the request as given, plus its resolved plan).

const FEATURE_VIEW_INCLUDE = {
  sources: {
    include: { featureGroup: { select: { id: true, name: true, version: true } } },
    orderBy: { position: "asc" },
  },
  trainingDatasets: {
    select: { id: true, name: true, version: true, status: true, createdAt: true },
    orderBy: [{ name: "asc" }, { version: "asc" }],
  },
} satisfies Prisma.FeatureViewInclude;
type TFeatureViewRow = Prisma.FeatureViewGetPayload<{ include: typeof FEATURE_VIEW_INCLUDE }>;

const toFeatureViewResponse = (
  row: TFeatureViewRow,
  createdBy: string | null = null,
  sharedFrom: TSharedFrom | null = null,
): TFeatureView => {
  const plan = row.plan as unknown as TFeatureViewPlan;
  const spec = row.spec as { filter?: unknown };
  // A group removed by a forced delete (docs/lineage.md "Forced delete") is named from the plan, with its old id.
  const groupOf = (alias: string) => {
    const planned = plan.sources.find((source) => source.alias === alias)!;
    return (
      row.sources.find((source) => source.alias === alias)?.featureGroup ?? {
        id: planned.featureGroupId,
        name: planned.name,
        version: planned.version,
      }
    );
  };
  const root = plan.sources[0];
  const transformationOf = new Map(plan.transformations.map((t) => [t.feature, t.type]));
  const servingKeyNames = new Set(plan.servingKeys.map((key) => key.name));
  const flags = (name: string) => ({
    isLabel: plan.labels.includes(name),
    isServingKey: servingKeyNames.has(name),
    transformation: transformationOf.get(name) ?? null,
    trainingOnly: plan.trainingHelperColumns.includes(name),
    inferenceOnly: plan.inferenceHelperColumns.includes(name),
  });
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    description: row.description,
    root: { alias: root.alias, featureGroup: groupOf(root.alias), eventTime: root.eventTime?.column ?? null },
    joins: plan.sources.slice(1).map((source) => ({
      alias: source.alias,
      featureGroup: groupOf(source.alias),
      left: source.left!,
      leftOn: source.leftOn,
      rightOn: source.rightOn,
      prefix: source.prefix,
    })),
    features: [
      ...plan.sources.flatMap((source) =>
        source.columns.map((column) => ({
          name: column.output,
          type: column.type,
          sourceFeature: column.source,
          featureGroup: groupOf(source.alias),
          joinAlias: source.alias,
          onDemandExpression: null,
          ...flags(column.output),
        })),
      ),
      ...plan.onDemand.map((feature) => ({
        name: feature.name,
        type: feature.type,
        sourceFeature: null,
        featureGroup: null,
        joinAlias: null,
        onDemandExpression: feature.expression,
        ...flags(feature.name),
      })),
    ],
    servingKeys: plan.servingKeys.map((key) => ({
      name: key.name,
      type: key.type,
      joinAlias: key.alias,
      featureGroup: { name: groupOf(key.alias).name, version: groupOf(key.alias).version },
    })),
    labels: plan.labels,
    filter: spec.filter ?? null,
    transformations: plan.transformations,
    requestParameters: plan.requestParameters,
    onDemandFeatures: plan.onDemand.map(({ name, expression, description, type }) => ({
      name,
      expression,
      description,
      type,
    })),
    trainingDatasets: row.trainingDatasets.map((td) => ({
      id: td.id,
      name: td.name,
      version: td.version,
      status: td.status,
      createdAt: td.createdAt.toISOString(),
    })),
    sharedFrom,
    createdAt: row.createdAt.toISOString(),
    createdBy,
  };
};

/** `intent`: only looking at the view (`read`) or changing it (`write`), see TRegistryReader. */
export const getFeatureViewRow = async ({ projectId, intent, ...ref }: TRegistryReader & TVersionRef) => {
  const rows = await db.featureView.findMany({
    where: { ...featureViewWhere({ projectId, intent }), ...ref },
    include: FEATURE_VIEW_INCLUDE,
  });
  return foundVersion(preferOwn(rows, projectId), "Feature view", ref);
};

export const getFeatureView = async ({ access, name, version }: TVersionRead) => {
  const row = await getFeatureViewRow({ projectId: access.project.id, intent: "read", name, version });
  const sharedFrom = await sharedFromMarks(access.project.id);
  return toFeatureViewResponse(row, await creatorEmail(row), sharedFrom("featureView", row));
};

export const findFeatureViews = async ({ access, q }: { access: TProjectAccess; q?: string }) => {
  const rows = await db.featureView.findMany({
    where: {
      ...featureViewWhere({ projectId: access.project.id, intent: "read" }),
      ...(q
        ? {
            OR: [{ name: { contains: q, mode: "insensitive" } }, { description: { contains: q, mode: "insensitive" } }],
          }
        : {}),
    },
    include: FEATURE_VIEW_INCLUDE,
    orderBy: [{ name: "asc" }, { version: "desc" }],
  });
  const sharedFrom = await sharedFromMarks(access.project.id);
  return rows.map((row) => toFeatureViewResponse(row, null, sharedFrom("featureView", row)));
};

/** Validates and resolves the definition (422 with paths), then records it with its lineage edges. */
export const createFeatureView = async ({
  ctx,
  access,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  input: TCreateFeatureView;
}) => {
  const spec = ZCreateFeatureViewSchema.parse(input);
  const plan = await planFeatureView({ access, spec });
  const id = newId("fv");
  // Claims the name first (version-lock.ts): concurrent requests without a version each get the next one.
  const version = await createVersion({
    entity: "featureView",
    projectId: access.project.id,
    name: spec.name,
    version: spec.version,
    create: async (tx, version) => {
      await tx.featureView.create({
        data: {
          id,
          projectId: access.project.id,
          name: spec.name,
          version,
          description: spec.description,
          spec: spec as unknown as Prisma.InputJsonValue,
          plan: plan as unknown as Prisma.InputJsonValue,
          createdById: ctx.principal.userId,
          sources: {
            create: plan.sources.map((source, position) => ({
              id: newId("fvs"),
              featureGroupId: source.featureGroupId,
              alias: source.alias,
              role: source.role,
              position,
              leftAlias: source.left,
              leftOn: source.leftOn,
              rightOn: source.rightOn,
              prefix: source.prefix,
            })),
          },
        },
      });
      await recordDefinitionRevision({
        tx,
        kind: "featureView",
        projectId: access.project.id,
        entityId: id,
        change: "created",
        summary: `version ${version}: ${plan.sources.map((s) => `${s.name} v${s.version}`).join(" ⋈ ")}`,
        actorId: ctx.principal.userId,
      });
      await recordAuditEvent({
        ctx,
        project: access.project,
        action: "featureView.create",
        resourceType: "featureView",
        resourceId: id,
        resourceName: `${spec.name} v${version}`,
        details: { name: spec.name, version, featureGroups: plan.sources.map((s) => `${s.name}_v${s.version}`) },
        tx,
      });
    },
  });
  return getFeatureView({ access, name: spec.name, version });
};

/**
 * Deletes a version. Its training datasets and the models trained on it (or on them) are not deleted: the delete is
 * refused naming them unless forced by an Owner (`lineage:override`), and then they stay, marked broken, with their
 * files (docs/lineage.md "Forced delete"). A dataset being built is never left without its view: cancel it first.
 */
export const deleteFeatureView = async ({ ctx, access, name, version, force }: TVersionAction & { force: boolean }) => {
  const row = await getFeatureViewRow({ projectId: access.project.id, intent: "write", name, version });
  const datasets = await db.trainingDataset.findMany({
    where: { ...trainingDatasetWhere({ projectId: access.project.id, intent: "write" }), featureViewId: row.id },
    select: { id: true, name: true, version: true, status: true },
    orderBy: [{ name: "asc" }, { version: "asc" }],
  });
  const building = datasets.filter((dataset) => dataset.status === "PENDING" || dataset.status === "RUNNING");
  if (building.length)
    throw new ConflictError(
      `Feature view '${name}' version ${row.version} has training datasets being built (${building.map((d) => `${d.name} v${d.version}`).join(", ")}); cancel their jobs first`,
    );
  const models = await modelsUsing({ featureViewId: row.id, trainingDatasetIds: datasets.map((d) => d.id) });
  await deleteBreakingVersion({
    ctx,
    access,
    entity: "featureView",
    row,
    deleted: { kind: "feature_view", id: row.id, label: `feature view ${row.name} v${row.version}` },
    dependents: [...datasets.map((d) => `training dataset ${d.name} v${d.version}`), ...models],
    force,
    details: { trainingDatasets: datasets.length },
  });
};
