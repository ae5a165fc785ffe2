import "server-only";
import { rm } from "node:fs/promises";
import path from "node:path";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { getDataDir } from "../env";
import { foundVersion, InvalidInputError, type TFieldIssue } from "../errors";
import { newId } from "../ids";
import { featureViewWhere, trainingDatasetWhere } from "../access-where";
import { recordAuditEvent } from "../audit/record";
import { createVersion, deleteVersion } from "../registry/version-lock";
import { creatorEmail } from "../registry/users";
import type { TProjectAccess, TRequestContext, TVersionAction, TVersionRead } from "../principal";
import { ZCreateModelSchema, type TCreateModel, type TModel } from "@/lib/api/models";

// The model registry (docs/models.md): versioned like feature groups (registry/version-lock.ts). A model names the
// feature view and training datasets it was trained on, in its own project only (until sharing exists: a name from
// another project is simply not found here, 422 naming the field).

const MODEL_INCLUDE = {
  trainingDatasets: { orderBy: [{ trainingDatasetName: "asc" }, { trainingDatasetVersion: "asc" }] },
  featureView: {
    select: {
      sources: {
        orderBy: { position: "asc" },
        select: {
          featureGroup: { select: { name: true, version: true, onlineEnabled: true, onlineOutOfSyncSince: true } },
        },
      },
    },
  },
} satisfies Prisma.ModelInclude;
type TModelRow = Prisma.ModelGetPayload<{ include: typeof MODEL_INCLUDE }>;

export const modelDir = ({ projectId, modelId }: { projectId: string; modelId: string }) =>
  path.join(getDataDir(), "projects", projectId, "models", modelId);

const toModel = (row: TModelRow, createdBy: string | null = null): TModel => {
  const groups =
    row.featureView?.sources.flatMap(({ featureGroup }) =>
      // A group removed by a forced delete is left out (the view is marked broken, docs/lineage.md).
      featureGroup
        ? [
            {
              name: featureGroup.name,
              version: featureGroup.version,
              onlineEnabled: featureGroup.onlineEnabled,
              inSync: featureGroup.onlineEnabled && featureGroup.onlineOutOfSyncSince === null,
            },
          ]
        : [],
    ) ?? null;
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    description: row.description,
    framework: row.framework,
    metrics: row.metrics as Record<string, number>,
    featureView:
      row.featureViewName && row.featureViewVersion !== null
        ? { name: row.featureViewName, version: row.featureViewVersion, exists: row.featureViewId !== null }
        : null,
    trainingDatasets: row.trainingDatasets.map((link) => ({
      name: link.trainingDatasetName,
      version: link.trainingDatasetVersion,
      exists: link.trainingDatasetId !== null,
    })),
    artifact:
      row.artifactFileName && row.artifactSizeBytes !== null && row.artifactSha256
        ? { fileName: row.artifactFileName, sizeBytes: Number(row.artifactSizeBytes), sha256: row.artifactSha256 }
        : null,
    serving: groups ? { online: groups.every((group) => group.inSync), featureGroups: groups } : null,
    createdAt: row.createdAt.toISOString(),
    createdBy,
  };
};

export const getModelRow = async ({ access, name, version }: TVersionRead) =>
  foundVersion(
    await db.model.findFirst({ where: { projectId: access.project.id, name, version }, include: MODEL_INCLUDE }),
    "Model",
    { name, version },
  );

export const getModel = async (ref: TVersionRead) => {
  const row = await getModelRow(ref);
  return toModel(row, await creatorEmail(row));
};

export const findModels = async ({
  access,
  q,
  featureView,
  featureViewVersion,
  trainingDataset,
  trainingDatasetVersion,
}: {
  access: TProjectAccess;
  q?: string;
  featureView?: string;
  featureViewVersion?: number;
  trainingDataset?: string;
  trainingDatasetVersion?: number;
}) => {
  const rows = await db.model.findMany({
    where: {
      projectId: access.project.id,
      ...(featureView ? { featureViewName: featureView } : {}),
      ...(featureViewVersion ? { featureViewVersion } : {}),
      ...(trainingDataset
        ? {
            trainingDatasets: {
              some: {
                trainingDatasetName: trainingDataset,
                ...(trainingDatasetVersion ? { trainingDatasetVersion } : {}),
              },
            },
          }
        : {}),
      ...(q
        ? {
            OR: [
              { name: { contains: q, mode: "insensitive" } },
              { description: { contains: q, mode: "insensitive" } },
              { framework: { contains: q, mode: "insensitive" } },
            ],
          }
        : {}),
    },
    include: MODEL_INCLUDE,
    orderBy: [{ name: "asc" }, { version: "desc" }],
  });
  return rows.map((row) => toModel(row));
};

/** The feature view and datasets a model names, each in this project; every problem at once, naming its field. */
const resolveLinks = async (projectId: string, spec: ReturnType<typeof ZCreateModelSchema.parse>) => {
  const issues: TFieldIssue[] = [];
  const reader = { projectId, intent: "write" } as const;
  const datasets: { id: string; name: string; version: number; featureViewId: string | null }[] = [];
  for (const [index, ref] of spec.trainingDatasets.entries()) {
    const dataset = await db.trainingDataset.findFirst({
      where: { ...trainingDatasetWhere(reader), name: ref.name, version: ref.version },
      select: { id: true, name: true, version: true, featureViewId: true },
    });
    if (!dataset)
      issues.push({
        path: `trainingDatasets.${index}`,
        message: `no training dataset '${ref.name}' version ${ref.version} in this project`,
      });
    else if (datasets.some((other) => other.id === dataset.id))
      issues.push({ path: `trainingDatasets.${index}`, message: "named twice" });
    else datasets.push(dataset);
  }
  let view: { id: string; name: string; version: number } | null = null;
  if (spec.featureView) {
    view = await db.featureView.findFirst({
      where: { ...featureViewWhere(reader), name: spec.featureView.name, version: spec.featureView.version },
      select: { id: true, name: true, version: true },
    });
    if (!view)
      issues.push({
        path: "featureView",
        message: `no feature view '${spec.featureView.name}' version ${spec.featureView.version} in this project`,
      });
  } else if (datasets[0]?.featureViewId) {
    // A dataset kept after its view's forced delete has none: the model then names no view.
    view = await db.featureView.findFirst({
      where: { ...featureViewWhere(reader), id: datasets[0].featureViewId },
      select: { id: true, name: true, version: true },
    });
  }
  if (view)
    for (const [index, ref] of spec.trainingDatasets.entries()) {
      const dataset = datasets.find((candidate) => candidate.name === ref.name && candidate.version === ref.version);
      if (dataset && dataset.featureViewId !== view.id)
        issues.push({
          path: `trainingDatasets.${index}`,
          message: `'${ref.name}' v${ref.version} was not made from feature view '${view.name}' v${view.version}`,
        });
    }
  if (issues.length) throw new InvalidInputError("The model's links are invalid", issues);
  return { view, datasets };
};

export const createModel = async ({
  ctx,
  access,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  input: TCreateModel;
}) => {
  const spec = ZCreateModelSchema.parse(input);
  const projectId = access.project.id;
  const { view, datasets } = await resolveLinks(projectId, spec);
  const id = newId("mdl");
  const version = await createVersion({
    entity: "model",
    projectId,
    name: spec.name,
    version: spec.version,
    create: async (tx, version) => {
      await tx.model.create({
        data: {
          id,
          projectId,
          name: spec.name,
          version,
          description: spec.description,
          framework: spec.framework,
          metrics: spec.metrics,
          featureViewId: view?.id ?? null,
          featureViewName: view?.name ?? null,
          featureViewVersion: view?.version ?? null,
          createdById: ctx.principal.userId,
          trainingDatasets: {
            create: datasets.map((dataset) => ({
              trainingDatasetId: dataset.id,
              trainingDatasetName: dataset.name,
              trainingDatasetVersion: dataset.version,
            })),
          },
        },
      });
      await recordAuditEvent({
        ctx,
        project: access.project,
        action: "model.create",
        resourceType: "model",
        resourceId: id,
        resourceName: `${spec.name} v${version}`,
        details: {
          name: spec.name,
          version,
          featureView: view ? `${view.name} v${view.version}` : null,
          trainingDatasets: datasets.map((dataset) => `${dataset.name} v${dataset.version}`),
        },
        tx,
      });
    },
  });
  return getModel({ access, name: spec.name, version });
};

/** Deletes a model version and its artifact file. */
export const deleteModel = async ({ ctx, access, name, version }: TVersionAction) => {
  const row = await getModelRow({ access, name, version });
  await deleteVersion({ ctx, access, entity: "model", row });
  await rm(modelDir({ projectId: access.project.id, modelId: row.id }), { recursive: true, force: true });
};
