import "server-only";
import { rm } from "node:fs/promises";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { newId } from "../ids";
import { recordAuditEvent } from "../audit/record";
import { trainingDatasetWhere } from "../access-where";
import { createVersion } from "../registry/version-lock";
import { runTrainingDataset, TrainingDatasetGoneError, type TDatasetExclusions } from "./run-training";
import { trainingDatasetDir } from "./training-dataset-create";

// What an erasure (server/erasure, docs/erasure.md) does to a training dataset holding erased rows. The erasure room
// decides which datasets and which rows; this room owns the datasets, their files and their versions.

const datasetOf = async ({ projectId, trainingDatasetId }: { projectId: string; trainingDatasetId: string }) =>
  db.trainingDataset.findFirst({
    where: { ...trainingDatasetWhere({ projectId, intent: "write" }), id: trainingDatasetId },
    include: { featureView: { select: { id: true, name: true, version: true } }, sourceCommits: true },
  });

/** A dataset that cannot be re-created (its view was deleted by force, its spine upload is gone): mark it instead. */
export class DatasetNotRecreatableError extends Error {}

/**
 * Re-creates a dataset without the erased rows: a new version with the same spine, split, format and pinned commits,
 * built here (not by a job) from those commits with `exclusions` left out — it must run before the erasure purges the
 * commits. Then the old version's files, splits and statistics are deleted and it is marked ERASED. Idempotent: a
 * second call finds the new version (READY: only the old one's clean-up is redone; not READY: it is built again).
 */
export const recreateTrainingDatasetWithout = async ({
  projectId,
  trainingDatasetId,
  erasureRequestId,
  exclusions,
  signal,
}: {
  projectId: string;
  trainingDatasetId: string;
  erasureRequestId: string;
  exclusions: TDatasetExclusions;
  signal?: AbortSignal;
}): Promise<{ newVersion: number; newId: string; rowsBefore: number; rowsAfter: number; filesDeleted: number }> => {
  const original = await datasetOf({ projectId, trainingDatasetId });
  if (!original) throw new Error(`training dataset ${trainingDatasetId} no longer exists`);
  if (!original.featureViewId)
    throw new DatasetNotRecreatableError(
      `its feature view ${original.featureViewName} v${original.featureViewVersion} was deleted (forced delete), so it cannot be re-created: marked instead`,
    );
  let rebuilt = await db.trainingDataset.findFirst({
    where: {
      ...trainingDatasetWhere({ projectId, intent: "write" }),
      recreatedFromId: original.id,
      erasureRequestId,
    },
  });
  if (!rebuilt) {
    const id = newId("td");
    await createVersion({
      entity: "trainingDataset",
      projectId,
      name: original.name,
      version: undefined,
      create: async (tx, version) => {
        await tx.trainingDataset.create({
          data: {
            id,
            projectId,
            featureViewId: original.featureViewId,
            featureViewName: original.featureViewName,
            featureViewVersion: original.featureViewVersion,
            name: original.name,
            version,
            description: original.description,
            status: "PENDING",
            format: original.format,
            spine: original.spine as Prisma.InputJsonValue,
            split: original.split as Prisma.InputJsonValue,
            path: trainingDatasetDir({
              projectId,
              featureView: { name: original.featureViewName, version: original.featureViewVersion },
              name: original.name,
              version,
            }),
            recreatedFromId: original.id,
            erasureRequestId,
            erasureState: "rebuilt",
            createdById: original.createdById,
            sourceCommits: {
              create: original.sourceCommits.map(({ id: _id, trainingDatasetId: _dataset, ...pin }) => ({
                id: newId("tdc"),
                ...pin,
              })),
            },
          },
        });
        await recordAuditEvent({
          ctx: null,
          project: { id: projectId, name: (await tx.project.findUniqueOrThrow({ where: { id: projectId } })).name },
          action: "trainingDataset.recreate",
          resourceType: "trainingDataset",
          resourceId: id,
          resourceName: `${original.name} v${version}`,
          details: { name: original.name, version, recreatedFrom: original.version, erasureRequestId },
          tx,
        });
      },
    });
    rebuilt = await db.trainingDataset.findFirstOrThrow({
      where: { ...trainingDatasetWhere({ projectId, intent: "write" }), id },
    });
  }
  if (rebuilt.status !== "READY") {
    await db.trainingDataset.update({ where: { id: rebuilt.id }, data: { status: "PENDING" } });
    try {
      await runTrainingDataset({ projectId, trainingDatasetId: rebuilt.id, exclusions, signal });
    } catch (error) {
      if (!(error instanceof TrainingDatasetGoneError)) throw error;
      // What it needs went between the plan and now: the half-made version goes, the original is marked.
      await rm(rebuilt.path, { recursive: true, force: true });
      await db.trainingDataset.delete({ where: { id: rebuilt.id } });
      throw new DatasetNotRecreatableError(`${error.message}, so it cannot be re-created: marked instead`);
    }
    rebuilt = await db.trainingDataset.findFirstOrThrow({
      where: { ...trainingDatasetWhere({ projectId, intent: "write" }), id: rebuilt.id },
    });
  }
  const filesDeleted = await eraseDatasetFiles({ projectId, trainingDatasetId: original.id, erasureRequestId });
  return {
    newVersion: rebuilt.version,
    newId: rebuilt.id,
    rowsBefore: Number(original.rowCount),
    rowsAfter: Number(rebuilt.rowCount),
    filesDeleted,
  };
};

/** The old version's files, splits, statistics and fitted statistics go; the row stays, ERASED, pointing onward. */
const eraseDatasetFiles = async ({
  projectId,
  trainingDatasetId,
  erasureRequestId,
}: {
  projectId: string;
  trainingDatasetId: string;
  erasureRequestId: string;
}): Promise<number> => {
  const row = await db.trainingDataset.findFirstOrThrow({
    where: { ...trainingDatasetWhere({ projectId, intent: "write" }), id: trainingDatasetId },
    include: { splits: true },
  });
  await rm(row.path, { recursive: true, force: true });
  await db.$transaction([
    db.trainingDatasetSplit.deleteMany({ where: { trainingDatasetId } }),
    db.featureStatistics.deleteMany({ where: { projectId, trainingDatasetId } }),
    db.trainingDataset.update({
      where: { id: trainingDatasetId },
      data: {
        status: "ERASED",
        erasureRequestId,
        erasureState: "recreated",
        transformationStatistics: Prisma.DbNull,
      },
    }),
  ]);
  return row.splits.length;
};

/** Marks a dataset as holding rows an erasure erased (the request's policy keeps them). */
export const markTrainingDatasetErased = async ({
  projectId,
  trainingDatasetId,
  erasureRequestId,
}: {
  projectId: string;
  trainingDatasetId: string;
  erasureRequestId: string;
}) =>
  db.trainingDataset.updateMany({
    where: { ...trainingDatasetWhere({ projectId, intent: "write" }), id: trainingDatasetId },
    data: { erasureRequestId, erasureState: "marked" },
  });
