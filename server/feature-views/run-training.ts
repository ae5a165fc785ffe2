import "server-only";
import path from "node:path";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { newId } from "../ids";
import { featureGroupWhere, trainingDatasetWhere } from "../access-where";
import type { TFilter } from "@/lib/api/feature-views";
import type { TSpine, TSplit } from "@/lib/api/training-datasets";
import { enqueueStatistics } from "../jobs/enqueue-statistics";
import { materializeFeatureView, type TPinnedSource, type TSpineSource } from "./materialize";
import type { TFeatureViewPlan } from "./plan";

// Executes one training dataset recorded in the registry: reads its feature view's plan, the pinned Delta
// versions of its sources and its spine, writes the files, records splits, statistics and status.

export class TrainingDatasetGoneError extends Error {}

/**
 * Rows an erasure re-creates a dataset without (docs/erasure.md): per source feature group, the rows of its pinned
 * version to leave out, and the joined rows to drop (those whose key columns hold an erased key).
 */
export type TDatasetExclusions = {
  sourceWhere: Map<string, string>;
  dropRows?: (columns: string[]) => string | null;
};

export const runTrainingDataset = async ({
  projectId,
  trainingDatasetId,
  signal,
  progress,
  exclusions,
}: {
  projectId: string;
  trainingDatasetId: string;
  signal?: AbortSignal;
  progress?: (fraction: number, message: string, rowsProcessed?: number) => void;
  exclusions?: TDatasetExclusions;
}) => {
  const dataset = await db.trainingDataset.findFirst({
    // "write": the job builds this project's dataset (its files, its status).
    where: { ...trainingDatasetWhere({ projectId, intent: "write" }), id: trainingDatasetId },
    include: { featureView: true, sourceCommits: true, splits: true },
  });
  if (!dataset) throw new TrainingDatasetGoneError("The training dataset no longer exists");
  // Idempotent: an attempt that finished (files renamed into place and recorded) is not redone.
  if (dataset.status === "READY")
    return {
      alreadyDone: true,
      rowCount: Number(dataset.rowCount),
      splits: dataset.splits.map((s) => ({ name: s.name, rowCount: Number(s.rowCount) })),
    };
  // A view is not deleted while one of its datasets is being built (deleteFeatureView), so this is a view deleted
  // between an attempt's enqueue and start by a path that skipped that check: fail naming it, never retry.
  if (!dataset.featureView)
    throw new TrainingDatasetGoneError(
      `Feature view ${dataset.featureViewName} v${dataset.featureViewVersion} was deleted; the dataset cannot be built`,
    );
  await db.trainingDataset.update({ where: { id: dataset.id }, data: { status: "RUNNING" } });
  const plan = dataset.featureView.plan as unknown as TFeatureViewPlan;
  const spec = dataset.featureView.spec as { filter?: TFilter | null };
  const sources = new Map<string, TPinnedSource>();
  const excluded = (featureGroupId: string | null) =>
    featureGroupId ? exclusions?.sourceWhere.get(featureGroupId) : undefined;
  for (const source of dataset.sourceCommits.filter((s) => s.role !== "spine"))
    sources.set(source.alias, {
      tablePath: source.tablePath,
      version: source.deltaVersion,
      where: excluded(source.featureGroupId),
    });
  const spine = dataset.spine as TSpine;
  let spineSource: TSpineSource;
  if (spine.type === "timeRange") spineSource = { kind: "root", start: spine.start, end: spine.end };
  else if (spine.type === "upload") {
    const upload = await db.upload.findFirst({ where: { id: spine.uploadId, projectId } });
    if (!upload) throw new TrainingDatasetGoneError(`The spine upload ${spine.uploadId} no longer exists`);
    spineSource = {
      kind: "file",
      path: upload.path,
      format: upload.format as "csv" | "parquet" | "jsonl",
      eventTime: spine.eventTime,
    };
  } else {
    const pinned = dataset.sourceCommits.find((s) => s.role === "spine")!;
    const group = await db.featureGroup.findFirst({
      where: { ...featureGroupWhere({ projectId, intent: "read" }), id: pinned.featureGroupId ?? "" },
      select: { primaryKey: true, eventTime: true },
    });
    if (!group) throw new TrainingDatasetGoneError("The spine feature group no longer exists");
    const eventTime = spine.eventTime ?? group.eventTime!;
    spineSource = {
      kind: "table",
      tablePath: pinned.tablePath,
      version: pinned.deltaVersion,
      eventTime,
      orderBy: [eventTime, ...group.primaryKey],
      where: excluded(pinned.featureGroupId),
    };
  }
  const result = await materializeFeatureView({
    plan,
    sources,
    spine: spineSource,
    filter: spec.filter,
    split: dataset.split as TSplit,
    format: dataset.format as "parquet" | "csv",
    outDir: dataset.path,
    dropRows: exclusions?.dropRows,
    signal,
    progress,
  });
  await db.$transaction(async (tx) => {
    await tx.trainingDatasetSplit.deleteMany({ where: { trainingDatasetId: dataset.id } });
    await tx.trainingDatasetSplit.createMany({
      data: result.splits.map((split) => ({
        id: newId("tds"),
        trainingDatasetId: dataset.id,
        name: split.name,
        rowCount: BigInt(split.rowCount),
        sizeBytes: BigInt(split.sizeBytes),
        path: split.path,
      })),
    });
    await tx.trainingDataset.update({
      where: { id: dataset.id },
      data: {
        status: "READY",
        rowCount: BigInt(result.rowCount),
        columns: result.columns as unknown as Prisma.InputJsonValue,
        transformationStatistics: result.statistics as unknown as Prisma.InputJsonValue,
        finishedAt: new Date(),
      },
    });
    // The splits' statistics, queued with READY (by contract: server/stats runs them), so a dataset that became
    // READY always has them queued exactly once.
    await enqueueStatistics({
      tx,
      projectId,
      payload: { trainingDatasetId: dataset.id },
      createdById: dataset.createdById,
    });
  });
  return {
    alreadyDone: false,
    rowCount: result.rowCount,
    splits: result.splits.map((s) => ({ name: s.name, rowCount: s.rowCount })),
    path: path.relative(path.dirname(dataset.path), dataset.path),
  };
};
