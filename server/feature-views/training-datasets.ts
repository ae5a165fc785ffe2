import "server-only";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { getDataDir } from "../env";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { newId } from "../ids";
import { recordAuditEvent } from "../audit/record";
import type { TProjectAccess, TRequestContext } from "../principal";
import { enqueueJob, trainingDatasetJobContract } from "../jobs";
import { queryJsonRows, quoteLiteral, withDuckDb } from "../offline";
import { showDatasetColumns, showFeatureValues, showTransformationStatistics } from "@/lib/feature-values";
import {
  ZCreateTrainingDatasetSchema,
  type TCreateTrainingDataset,
  type TSpine,
  type TTrainingDataset,
} from "@/lib/api/training-datasets";
import { resolveReadableFeatureGroup } from "./access";
import { getFeatureViewRow } from "./feature-views";
import { featureGroupWhere, trainingDatasetWhere, type TRegistryReader } from "../access-where";
import { lockVersionedName, VERSIONED_CREATE_TRANSACTION } from "../registry/version-lock";
import { stageSpine, SpineError } from "./materialize";
import type { TFeatureViewPlan } from "./plan";
import { eventTimeSql } from "./pit-join";
import { convertSplitSql, type TRecordedColumn, type TSplitFormat } from "./split-format";
import { assertVersionReadable, DeltaVersionVacuumedError, readTable } from "../offline";

const DATASET_INCLUDE = {
  featureView: { select: { id: true, name: true, version: true } },
  splits: { orderBy: { name: "asc" } },
  sourceCommits: true,
  job: { select: { id: true, status: true, progress: true, error: true } },
} satisfies Prisma.TrainingDatasetInclude;
type TDatasetRow = Prisma.TrainingDatasetGetPayload<{ include: typeof DATASET_INCLUDE }>;

const SPLIT_ORDER = ["train", "validation", "test", "all"];

const trainingDatasetDir = ({
  projectId,
  featureView,
  name,
  version,
}: {
  projectId: string;
  featureView: { name: string; version: number };
  name: string;
  version: number;
}) =>
  path.join(
    getDataDir(),
    "projects",
    projectId,
    "training",
    `${featureView.name}_v${featureView.version}`,
    `${name}_v${version}`,
  );

/** A training dataset as `access` may see it: fitted statistics and its job's error carry feature values. */
const toTrainingDatasetResponse = async (row: TDatasetRow, access: TProjectAccess): Promise<TTrainingDataset> => {
  const projectName = access.project.name;
  const statistics = (row.transformationStatistics as TTrainingDataset["transformationStatistics"]) ?? null;
  const recreatedFrom = row.recreatedFromId
    ? await db.trainingDataset.findFirst({
        where: { ...trainingDatasetWhere({ projectId: row.projectId, intent: "read" }), id: row.recreatedFromId },
        select: { name: true, version: true },
      })
    : null;
  const creator = row.createdById
    ? await db.user.findUnique({ where: { id: row.createdById }, select: { email: true } })
    : null;
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    description: row.description,
    featureView: row.featureView,
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
    createdBy: creator?.email ?? null,
  };
};

const getDatasetRow = async ({
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
    throw new NotFoundError(`Training dataset '${name}' version '${version}' not found`);
  const row = await db.trainingDataset.findFirst({
    where: { ...trainingDatasetWhere({ projectId, intent }), name, version: parsed },
    include: DATASET_INCLUDE,
  });
  if (!row) throw new NotFoundError(`Training dataset '${name}' version ${parsed} not found`);
  return row;
};

export const getTrainingDataset = async ({
  access,
  name,
  version,
}: {
  access: TProjectAccess;
  name: string;
  version: string;
}) =>
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
  featureViewVersion: string;
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

type TPin = {
  featureGroupId: string;
  featureGroupName: string;
  featureGroupVersion: number;
  alias: string;
  role: string;
  tablePath: string;
  deltaVersion: number;
};

/** Checks the spine against the view (422 naming what is missing) and returns the spine's pin, if any. */
const validateSpine = async ({
  access,
  plan,
  spine,
  pins,
}: {
  access: TProjectAccess;
  plan: TFeatureViewPlan;
  spine: TSpine;
  pins: TPin[];
}): Promise<TPin | null> => {
  try {
    if (spine.type === "upload") {
      const upload = await db.upload.findFirst({ where: { id: spine.uploadId, projectId: access.project.id } });
      if (!upload)
        throw new InvalidInputError("Unknown upload", [
          { path: "spine.uploadId", message: `upload '${spine.uploadId}' not found; upload the spine file first` },
        ]);
      await withDuckDb({ memoryLimit: "256MB" }, (connection) =>
        stageSpine({
          connection,
          plan,
          spine: { kind: "file", path: upload.path, format: upload.format as "csv", eventTime: spine.eventTime },
        }),
      );
      return null;
    }
    if (spine.type === "featureGroup") {
      const group = await resolveReadableFeatureGroup({ access, ref: spine.featureGroup });
      if (!group)
        throw new InvalidInputError("Unknown feature group", [
          {
            path: "spine.featureGroup",
            message: `Feature group '${spine.featureGroup.name}' version ${spine.featureGroup.version} not found`,
          },
        ]);
      const eventTime = spine.eventTime ?? group.eventTime;
      if (!eventTime)
        throw new InvalidInputError("The spine has no event time", [
          {
            path: "spine.eventTime",
            message: `${group.name} v${group.version} has no event time; name the spine's event-time column`,
          },
        ]);
      await withDuckDb({ memoryLimit: "256MB" }, (connection) =>
        stageSpine({
          connection,
          plan,
          spine: {
            kind: "table",
            tablePath: group.tablePath,
            version: Math.max(0, group.deltaVersion),
            eventTime,
            orderBy: [eventTime, ...group.primaryKey],
          },
        }),
      );
      return {
        featureGroupId: group.id,
        featureGroupName: group.name,
        featureGroupVersion: group.version,
        alias: "_spine",
        role: "spine",
        tablePath: group.tablePath,
        deltaVersion: Math.max(0, group.deltaVersion),
      };
    }
    // A time range must select at least one root row at the pinned version.
    const root = plan.sources[0];
    const rootPin = pins.find((pin) => pin.alias === root.alias)!;
    const et = eventTimeSql(`t."${root.eventTime!.column.replaceAll('"', '""')}"`, root.eventTime!.type);
    const count = await withDuckDb({ memoryLimit: "256MB" }, async (connection) => {
      const relation = await readTable({
        tablePath: rootPin.tablePath,
        asOf: { version: rootPin.deltaVersion },
        connection,
      });
      const where = [
        spine.start ? `${et} >= CAST(${quoteLiteral(spine.start)} AS TIMESTAMPTZ)` : "TRUE",
        spine.end ? `${et} < CAST(${quoteLiteral(spine.end)} AS TIMESTAMPTZ)` : "TRUE",
      ].join(" AND ");
      return Number(
        (
          await queryJsonRows(
            connection,
            `SELECT count(*) AS n FROM (SELECT 1 FROM ${relation.sql} AS t WHERE ${where} LIMIT 1)`,
          )
        )[0].n,
      );
    });
    if (count === 0)
      throw new InvalidInputError("The time range is empty", [
        {
          path: "spine",
          message: `${root.name} v${root.version} has no rows with event time in [${spine.start ?? "-∞"}, ${spine.end ?? "∞"}) at commit ${rootPin.deltaVersion}`,
        },
      ]);
    return null;
  } catch (error) {
    if (error instanceof SpineError)
      throw new InvalidInputError(error.message, [{ path: error.field, message: error.message }]);
    throw error;
  }
};

const insertDataset = async ({
  ctx,
  access,
  view,
  name,
  version,
  description,
  spine,
  split,
  format,
  pins,
  recreatedFromId,
  enqueue = true,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  view: { id: string; name: string; version: number };
  name: string;
  version: number | undefined;
  description: string;
  spine: unknown;
  split: unknown;
  format: string;
  pins: TPin[];
  recreatedFromId: string | null;
  enqueue?: boolean;
}) => {
  const id = newId("td");
  let datasetVersion = version ?? 0;
  try {
    await db.$transaction(async (tx) => {
      // Claim the name first (version-lock.ts): concurrent requests without a version each get the next one.
      await lockVersionedName({ tx, entity: "trainingDataset", projectId: access.project.id, name });
      const latest = await tx.trainingDataset.findFirst({
        where: { ...trainingDatasetWhere({ projectId: access.project.id, intent: "write" }), name },
        orderBy: { version: "desc" },
        select: { version: true },
      });
      datasetVersion = version ?? (latest ? latest.version + 1 : 1);
      const datasetPath = trainingDatasetDir({
        projectId: access.project.id,
        featureView: view,
        name,
        version: datasetVersion,
      });
      await tx.trainingDataset.create({
        data: {
          id,
          projectId: access.project.id,
          featureViewId: view.id,
          name,
          version: datasetVersion,
          description,
          status: "PENDING",
          format,
          spine: spine as Prisma.InputJsonValue,
          split: split as Prisma.InputJsonValue,
          path: datasetPath,
          recreatedFromId,
          createdById: ctx.principal.userId,
          sourceCommits: { create: pins.map((pin) => ({ id: newId("tdc"), ...pin })) },
        },
      });
      await recordAuditEvent({
        ctx,
        project: access.project,
        action: recreatedFromId ? "trainingDataset.recreate" : "trainingDataset.create",
        resourceType: "trainingDataset",
        resourceId: id,
        resourceName: `${name} v${datasetVersion}`,
        details: {
          name,
          version: datasetVersion,
          featureView: `${view.name}_v${view.version}`,
          sourceCommits: pins.map((p) => `${p.featureGroupName}_v${p.featureGroupVersion}@${p.deltaVersion}`),
        },
        tx,
      });
    }, VERSIONED_CREATE_TRANSACTION);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new ConflictError(`Training dataset '${name}' version ${datasetVersion} already exists`);
    throw error;
  }
  if (!enqueue)
    return { job: null, trainingDataset: await getTrainingDataset({ access, name, version: String(datasetVersion) }) };
  try {
    const job = await enqueueJob({
      ctx,
      access,
      type: trainingDatasetJobContract.type,
      payload: { trainingDatasetId: id },
    });
    await db.trainingDataset.update({ where: { id }, data: { jobId: job.id } });
    return { job, trainingDataset: await getTrainingDataset({ access, name, version: String(datasetVersion) }) };
  } catch (error) {
    await db.trainingDataset.delete({ where: { id } }).catch(() => undefined);
    throw error;
  }
};

/** Validates, pins every source's current Delta version, records the dataset and enqueues its job. */
/** `enqueue: false` records the dataset without a job, for callers that run it themselves (the demo seed). */
export const createTrainingDataset = async ({
  ctx,
  access,
  featureViewName,
  featureViewVersion,
  input,
  enqueue = true,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  featureViewName: string;
  featureViewVersion: string;
  input: TCreateTrainingDataset;
  enqueue?: boolean;
}) => {
  const spec = ZCreateTrainingDatasetSchema.parse(input);
  const view = await getFeatureViewRow({
    projectId: access.project.id,
    intent: "read",
    name: featureViewName,
    version: featureViewVersion,
  });
  const plan = view.plan as unknown as TFeatureViewPlan;
  const groups = await db.featureGroup.findMany({
    where: {
      ...featureGroupWhere({ projectId: access.project.id, intent: "read" }),
      id: { in: plan.sources.map((s) => s.featureGroupId) },
    },
  });
  const pins: TPin[] = plan.sources.map((source) => {
    const group = groups.find((g) => g.id === source.featureGroupId)!;
    return {
      featureGroupId: group.id,
      featureGroupName: group.name,
      featureGroupVersion: group.version,
      alias: source.alias,
      role: source.role,
      tablePath: group.tablePath,
      deltaVersion: Math.max(0, group.deltaVersion),
    };
  });
  const spinePin = await validateSpine({ access, plan, spine: spec.spine, pins });
  return insertDataset({
    ctx,
    access,
    view,
    name: spec.name ?? view.name,
    version: spec.version,
    description: spec.description,
    spine: spec.spine,
    split: spec.split,
    format: spec.format,
    pins: spinePin ? [...pins, spinePin] : pins,
    recreatedFromId: null,
    enqueue,
  });
};

/** A new version with the same spine, split, format and pinned source versions: the same rows in the same order. */
export const recreateTrainingDataset = async ({
  ctx,
  access,
  name,
  version,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  version: string;
}) => {
  // "write": re-creating adds a version to this project's dataset of that name.
  const original = await getDatasetRow({ projectId: access.project.id, intent: "write", name, version });
  const pins = original.sourceCommits.map(
    ({ featureGroupId, featureGroupName, featureGroupVersion, alias, role, tablePath, deltaVersion }) => {
      if (!featureGroupId)
        throw new ConflictError(
          `Source feature group ${featureGroupName} v${featureGroupVersion} was deleted; the dataset cannot be re-created`,
        );
      return { featureGroupId, featureGroupName, featureGroupVersion, alias, role, tablePath, deltaVersion };
    },
  );
  // A pinned commit whose files vacuum deleted cannot be read again: refuse now rather than fail in the job.
  for (const [index, pin] of pins.entries()) {
    await assertVersionReadable({ tablePath: pin.tablePath, version: pin.deltaVersion }).catch((error) => {
      if (!(error instanceof DeltaVersionVacuumedError)) throw error;
      const message = `commit ${pin.deltaVersion} of ${pin.featureGroupName} v${pin.featureGroupVersion} was vacuumed (its data files were deleted)${error.oldestReadableVersion === null ? "" : `; the oldest readable commit is ${error.oldestReadableVersion}`}: the dataset cannot be re-created, create a new one`;
      throw new InvalidInputError(message, [{ path: `sourceCommits.${index}.deltaVersion`, message }]);
    });
  }
  return insertDataset({
    ctx,
    access,
    view: original.featureView,
    name: original.name,
    version: undefined,
    description: original.description,
    spine: original.spine,
    split: original.split,
    format: original.format,
    pins,
    recreatedFromId: original.id,
  });
};

export const deleteTrainingDataset = async ({
  ctx,
  access,
  name,
  version,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  version: string;
}) => {
  const row = await getDatasetRow({ projectId: access.project.id, intent: "write", name, version });
  if (row.status === "RUNNING" || row.status === "PENDING")
    throw new ConflictError(`Training dataset '${name}' version ${row.version} is being built; cancel its job first`);
  await db.$transaction(async (tx) => {
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "trainingDataset.delete",
      resourceType: "trainingDataset",
      resourceId: row.id,
      resourceName: `${name} v${row.version}`,
      details: { name, version: row.version },
      tx,
    });
    await tx.trainingDataset.delete({ where: { id: row.id } });
  });
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
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  version: string;
  split: string;
  format?: "parquet" | "csv";
}) => {
  const row = await getDatasetRow({ projectId: access.project.id, intent: "read", name, version });
  const file = row.splits.find((s) => s.name === split);
  if (row.status !== "READY" || !file)
    throw new NotFoundError(
      row.status !== "READY"
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
  await recordAuditEvent({
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
