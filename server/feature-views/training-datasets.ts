import "server-only";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { ConflictError, foundVersion, NotFoundError } from "../errors";
import { recordValueRead } from "../audit/record";
import { deleteBreakingVersion, modelsUsing } from "../registry/lineage-broken";
import type { TProjectAccess, TVersionAction, TVersionRead, TVersionRef } from "../principal";
import { withDuckDb } from "../offline";
import { showDatasetColumns, showFeatureValues, showTransformationStatistics } from "@/lib/feature-values";
import type { TTrainingDataset, TTrainingDatasetSummary } from "@/lib/api/training-datasets";
import { getFeatureViewRow } from "./feature-views";
import {
  preferOwn,
  revokedSourcesOf,
  sharedFromMarks,
  trainingDatasetWhere,
  type TRegistryReader,
} from "../access-where";
import { creatorEmail } from "../registry/users";
import { convertSplitSql, type TRecordedColumn, type TSplitFormat } from "./split-format";

// Training datasets in the registry: reading them, deleting them and downloading their splits. Creating and
// re-creating a dataset is in training-dataset-create.ts.

const DATASET_INCLUDE = {
  featureView: { select: { id: true, name: true, version: true } },
  splits: { orderBy: { name: "asc" } },
  sourceCommits: true,
  job: { select: { id: true, status: true, progress: true, error: true } },
} satisfies Prisma.TrainingDatasetInclude;
type TDatasetRow = Prisma.TrainingDatasetGetPayload<{ include: typeof DATASET_INCLUDE }>;

const SPLIT_ORDER = ["train", "validation", "test", "all"];

/** A training dataset as `access` may see it: fitted statistics and its job's error carry feature values. */
/** The revoked shares behind a dataset's sources (docs/sharing.md "After revocation"): only for the reader's own. */
const datasetRevokedSources = async (
  row: { projectId: string; sourceCommits: { featureGroupId: string | null }[] },
  access: TProjectAccess,
) =>
  row.projectId !== access.project.id
    ? []
    : (
        await revokedSourcesOf({
          projectId: access.project.id,
          featureGroupIds: row.sourceCommits.flatMap(({ featureGroupId }) => (featureGroupId ? [featureGroupId] : [])),
        })
      ).map(({ featureGroup, project, shareId }) => ({ featureGroup, project, shareId }));

const toTrainingDatasetResponse = async (row: TDatasetRow, access: TProjectAccess): Promise<TTrainingDataset> => {
  const projectName = access.project.name;
  const statistics = (row.transformationStatistics as TTrainingDataset["transformationStatistics"]) ?? null;
  const recreatedFrom = row.recreatedFromId
    ? await db.trainingDataset.findFirst({
        where: { ...trainingDatasetWhere({ projectId: row.projectId, intent: "read" }), id: row.recreatedFromId },
        select: { name: true, version: true },
      })
    : null;
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    description: row.description,
    featureView: row.featureView ?? { id: null, name: row.featureViewName, version: row.featureViewVersion },
    broken:
      (
        await db.lineageBroken.findUnique({
          where: { kind_id: { kind: "training_dataset", id: row.id } },
          select: { reason: true },
        })
      )?.reason ?? null,
    erasure: await describeErasure(row),
    sharedFrom: (await sharedFromMarks(access.project.id))("trainingDataset", row),
    revokedSources: await datasetRevokedSources(row, access),
    status: row.status as TTrainingDataset["status"],
    format: row.format as TTrainingDataset["format"],
    spine: row.spine,
    split: row.split,
    splits: [...row.splits]
      .sort((a, b) => SPLIT_ORDER.indexOf(a.name) - SPLIT_ORDER.indexOf(b.name))
      .map((split) => ({
        name: split.name,
        rowCount: Number(split.rowCount),
        sizeBytes: Number(split.sizeBytes),
        downloadPath: `/api/v1/projects/${projectName}/training-datasets/${row.name}/${row.version}/splits/${split.name}`,
      })),
    rowCount: Number(row.rowCount),
    columns: showDatasetColumns(row.columns as TTrainingDataset["columns"], statistics, access.scopes),
    sourceCommits: row.sourceCommits.map((source) => ({
      featureGroup: { id: source.featureGroupId, name: source.featureGroupName, version: source.featureGroupVersion },
      deltaVersion: source.deltaVersion,
      role: source.role as "root" | "join" | "spine",
    })),
    transformationStatistics: showTransformationStatistics(statistics, access.scopes),
    job: row.job && { ...row.job, error: showFeatureValues(row.job.error, access.scopes) },
    recreatedFrom,
    createdAt: row.createdAt.toISOString(),
    createdBy: await creatorEmail(row),
  };
};

/** What an erasure did to this version, in words (docs/erasure.md), or null. */
const describeErasure = async (row: TDatasetRow): Promise<TTrainingDataset["erasure"]> => {
  const requestId = row.erasureRequestId;
  const state = row.erasureState as "recreated" | "rebuilt" | "marked" | null;
  if (!requestId || !state) return null;
  const related = await db.trainingDataset.findFirst({
    where: {
      ...trainingDatasetWhere({ projectId: row.projectId, intent: "read" }),
      ...(state === "recreated"
        ? { recreatedFromId: row.id, erasureRequestId: requestId }
        : { id: row.recreatedFromId ?? "" }),
    },
    select: { version: true },
  });
  const message =
    state === "recreated"
      ? `Its files were deleted by erasure request ${requestId}${related ? `; re-created without the erased rows as version ${related.version}` : ""}`
      : state === "rebuilt"
        ? `Re-created by erasure request ${requestId}${related ? ` from version ${related.version}` : ""} without the erased rows; the commits it pins were erased, so it cannot be re-created again`
        : `Contains rows erased by erasure request ${requestId} (kept by the request's policy: mark)`;
  return { requestId, state, message };
};

/** `intent`: only looking at the dataset (`read`) or changing it (`write`), see TRegistryReader. */
export const getDatasetRow = async ({ projectId, intent, ...ref }: TRegistryReader & TVersionRef) => {
  const rows = await db.trainingDataset.findMany({
    where: { ...trainingDatasetWhere({ projectId, intent }), ...ref },
    include: DATASET_INCLUDE,
  });
  return foundVersion(preferOwn(rows, projectId), "Training dataset", ref);
};

export const getTrainingDataset = async ({ access, name, version }: TVersionRead) =>
  toTrainingDatasetResponse(
    await getDatasetRow({ projectId: access.project.id, intent: "read", name, version }),
    access,
  );

export const findTrainingDatasets = async ({
  access,
  featureViewName,
  featureViewVersion,
}: {
  access: TProjectAccess;
  featureViewName: string;
  featureViewVersion: number;
}) => {
  const view = await getFeatureViewRow({
    projectId: access.project.id,
    intent: "read",
    name: featureViewName,
    version: featureViewVersion,
  });
  const rows = await db.trainingDataset.findMany({
    where: { ...trainingDatasetWhere({ projectId: access.project.id, intent: "read" }), featureViewId: view.id },
    include: DATASET_INCLUDE,
    orderBy: [{ name: "asc" }, { version: "asc" }],
  });
  return Promise.all(rows.map((row) => toTrainingDatasetResponse(row, access)));
};

/** Every dataset of the project, newest first per name, with the mark of a forced delete (docs/lineage.md). */
export const listProjectTrainingDatasets = async ({
  access,
}: {
  access: TProjectAccess;
}): Promise<TTrainingDatasetSummary[]> => {
  const rows = await db.trainingDataset.findMany({
    where: trainingDatasetWhere({ projectId: access.project.id, intent: "read" }),
    select: {
      id: true,
      name: true,
      version: true,
      status: true,
      createdAt: true,
      featureViewName: true,
      featureViewVersion: true,
      featureView: { select: { id: true, name: true, version: true } },
      projectId: true,
      sourceCommits: { select: { featureGroupId: true } },
    },
    orderBy: [{ name: "asc" }, { version: "desc" }],
  });
  const sharedFrom = await sharedFromMarks(access.project.id);
  const marks = await db.lineageBroken.findMany({
    where: { projectId: access.project.id, kind: "training_dataset", id: { in: rows.map((row) => row.id) } },
    select: { id: true, reason: true },
  });
  const reasons = new Map(marks.map((mark) => [mark.id, mark.reason]));
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      name: row.name,
      version: row.version,
      status: row.status as TTrainingDatasetSummary["status"],
      featureView: row.featureView ?? { id: null, name: row.featureViewName, version: row.featureViewVersion },
      broken: reasons.get(row.id) ?? null,
      sharedFrom: sharedFrom("trainingDataset", row),
      revokedSources: await datasetRevokedSources(row, access),
      createdAt: row.createdAt.toISOString(),
    })),
  );
};

/**
 * Deletes a dataset and its files. Refused (409) while models name it, unless forced by an Owner
 * (`lineage:override`): the models stay, marked broken (docs/lineage.md "Forced delete").
 */
export const deleteTrainingDataset = async ({
  ctx,
  access,
  name,
  version,
  force = false,
}: TVersionAction & { force?: boolean }) => {
  const row = await getDatasetRow({ projectId: access.project.id, intent: "write", name, version });
  if (row.status === "RUNNING" || row.status === "PENDING")
    throw new ConflictError(`Training dataset '${name}' version ${row.version} is being built; cancel its job first`);
  const models = await modelsUsing({ trainingDatasetIds: [row.id] });
  const deleted = {
    kind: "training_dataset" as const,
    id: row.id,
    label: `training dataset ${row.name} v${row.version}`,
  };
  await deleteBreakingVersion({ ctx, access, entity: "trainingDataset", row, deleted, dependents: models, force });
  await rm(row.path, { recursive: true, force: true });
};

/** Streams a split's file (converted when another format is asked for); audited as a feature-data read. */
export const downloadSplit = async ({
  ctx,
  access,
  name,
  version,
  split,
  format,
}: TVersionAction & { split: string; format?: "parquet" | "csv" }) => {
  const row = await getDatasetRow({ projectId: access.project.id, intent: "read", name, version });
  const file = row.splits.find((s) => s.name === split);
  if (row.status !== "READY" || !file)
    throw new NotFoundError(
      row.status === "ERASED"
        ? `Training dataset '${name}' version ${row.version} was erased: ${(await describeErasure(row))?.message ?? "its files were deleted"}`
        : row.status !== "READY"
          ? `Training dataset '${name}' version ${row.version} is ${row.status}, not ready`
          : `Training dataset '${name}' version ${row.version} has no split '${split}' (it has ${row.splits.map((s) => s.name).join(", ")})`,
    );
  const wanted = format ?? (row.format as "parquet" | "csv");
  let filePath = file.path;
  let cleanup: (() => Promise<void>) | null = null;
  if (wanted !== row.format) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "larder-td-"));
    filePath = path.join(dir, `${split}.${wanted}`);
    cleanup = () => rm(dir, { recursive: true, force: true });
    // Read as the types the dataset recorded when it was written (split-format.ts), never as guessed from text.
    const sql = convertSplitSql({
      source: file.path,
      from: row.format as TSplitFormat,
      target: filePath,
      to: wanted,
      columns: (row.columns ?? []) as TRecordedColumn[],
    });
    await withDuckDb(undefined, (connection) => connection.run(sql));
  }
  await recordValueRead({
    itemProjectIds: [row.projectId],
    ctx,
    project: access.project,
    action: "featureData.read",
    resourceType: "trainingDataset",
    resourceId: row.id,
    resourceName: `${name} v${row.version}`,
    details: { name, version: row.version, split, format: wanted, rows: Number(file.rowCount) },
  });
  const stream = createReadStream(filePath);
  if (cleanup) stream.on("close", () => void cleanup());
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: {
      "content-type": wanted === "parquet" ? "application/vnd.apache.parquet" : "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${row.name}_v${row.version}_${split}.${wanted}"`,
    },
  });
};
