import "server-only";
import { db } from "../db/client";
import { insertJob } from "../jobs/enqueue";
import { materializeJobContract } from "../jobs/contracts";

// "Online out of sync since commit N": once an ingest's commit is visible the write is done and its job succeeds,
// so a failed write to the online store cannot fail it. The failure is recorded on the feature group instead
// (FeatureGroup.onlineOutOfSyncSince, shown in the API's feature-group view) and repaired by an incremental
// materialization — enqueued at once, retried with the job runner's backoff, and also done by any later
// materialization. The mark clears when the online store reflects every commit up to N
// (OnlineMaterialization.lastMaterializedVersion ≥ N).

/** Records that commit `version` is not online; keeps the earliest such commit. */
export const markOnlineOutOfSync = async ({ featureGroupId, version }: { featureGroupId: string; version: number }) => {
  await db.$executeRaw`UPDATE "FeatureGroup" SET "onlineOutOfSyncSince" = LEAST(COALESCE("onlineOutOfSyncSince", ${version}), ${version}) WHERE "id" = ${featureGroupId}`;
};

/** Clears the mark when the online store now reflects every commit up to the one that failed. */
export const settleOnlineSync = async ({ featureGroupId }: { featureGroupId: string }) => {
  await db.$executeRaw`UPDATE "FeatureGroup" AS fg SET "onlineOutOfSyncSince" = NULL FROM "OnlineMaterialization" AS m WHERE fg."id" = ${featureGroupId} AND m."featureGroupId" = fg."id" AND fg."onlineOutOfSyncSince" IS NOT NULL AND m."lastMaterializedVersion" >= fg."onlineOutOfSyncSince"`;
};

/** Enqueues the repair: an incremental materialization reads every commit after the last one online. */
export const enqueueOnlineRepair = async ({
  featureGroupId,
  projectId,
  userId,
}: {
  featureGroupId: string;
  projectId: string;
  userId: string | null;
}) => {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true, name: true } });
  return insertJob({
    ctx: null,
    project,
    contract: materializeJobContract,
    payload: { featureGroupId, incremental: true },
    featureGroupId,
    createdById: userId,
  });
};
