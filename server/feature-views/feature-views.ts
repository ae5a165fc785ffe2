import "server-only";
import { rm } from "node:fs/promises";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { ConflictError, NotFoundError } from "../errors";
import { newId } from "../ids";
import { recordAuditEvent } from "../audit/record";
import type { TProjectAccess, TRequestContext } from "../principal";
import { featureViewWhere, trainingDatasetWhere, type TRegistryReader } from "../access-where";
import { lockVersionedName, VERSIONED_CREATE_TRANSACTION } from "../registry/version-lock";
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

const toFeatureViewResponse = (row: TFeatureViewRow, createdBy: string | null = null): TFeatureView => {
  const plan = row.plan as unknown as TFeatureViewPlan;
  const spec = row.spec as { filter?: unknown };
  const groupOf = (alias: string) => row.sources.find((source) => source.alias === alias)!.featureGroup;
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
    createdAt: row.createdAt.toISOString(),
    createdBy,
  };
};

/** `intent`: only looking at the view (`read`) or changing it (`write`), see TRegistryReader. */
export const getFeatureViewRow = async ({
  projectId,
  intent,
  name,
  version,
}: TRegistryReader & {
  name: string;
  version: number | string;
}) => {
  const parsed = Number(version);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new NotFoundError(`Feature view '${name}' version '${version}' not found`);
  const row = await db.featureView.findFirst({
    where: { ...featureViewWhere({ projectId, intent }), name, version: parsed },
    include: FEATURE_VIEW_INCLUDE,
  });
  if (!row) throw new NotFoundError(`Feature view '${name}' version ${parsed} not found`);
  return row;
};

export const getFeatureView = async ({
  access,
  name,
  version,
}: {
  access: TProjectAccess;
  name: string;
  version: number | string;
}) => {
  const row = await getFeatureViewRow({ projectId: access.project.id, intent: "read", name, version });
  const creator = row.createdById
    ? await db.user.findUnique({ where: { id: row.createdById }, select: { email: true } })
    : null;
  return toFeatureViewResponse(row, creator?.email ?? null);
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
  return rows.map((row) => toFeatureViewResponse(row));
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
  let version = spec.version ?? 0;
  try {
    await db.$transaction(async (tx) => {
      // Claim the name first (version-lock.ts): concurrent requests without a version each get the next one.
      await lockVersionedName({ tx, entity: "featureView", projectId: access.project.id, name: spec.name });
      const latest = await tx.featureView.findFirst({
        where: { ...featureViewWhere({ projectId: access.project.id, intent: "write" }), name: spec.name },
        orderBy: { version: "desc" },
        select: { version: true },
      });
      version = spec.version ?? (latest ? latest.version + 1 : 1);
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
    }, VERSIONED_CREATE_TRANSACTION);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new ConflictError(`Feature view '${spec.name}' version ${version} already exists`);
    throw error;
  }
  return getFeatureView({ access, name: spec.name, version });
};

/** Deletes a version; with training datasets only when `force` (their files go too). */
export const deleteFeatureView = async ({
  ctx,
  access,
  name,
  version,
  force,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  version: string;
  force: boolean;
}) => {
  const row = await getFeatureViewRow({ projectId: access.project.id, intent: "write", name, version });
  const datasets = await db.trainingDataset.findMany({
    where: { ...trainingDatasetWhere({ projectId: access.project.id, intent: "write" }), featureViewId: row.id },
    select: { name: true, version: true, path: true },
  });
  if (datasets.length && !force) {
    throw new ConflictError(
      `Feature view '${name}' version ${row.version} has ${datasets.length} training dataset(s) (${datasets.map((d) => `${d.name} v${d.version}`).join(", ")}); delete them first or pass ?force=true`,
    );
  }
  await db.$transaction(async (tx) => {
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "featureView.delete",
      resourceType: "featureView",
      resourceId: row.id,
      resourceName: `${name} v${row.version}`,
      details: { name, version: row.version, trainingDatasets: datasets.length },
      tx,
    });
    await tx.featureView.delete({ where: { id: row.id } });
  });
  await Promise.all(datasets.map((dataset) => rm(dataset.path, { recursive: true, force: true })));
};
