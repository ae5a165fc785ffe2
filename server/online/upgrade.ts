import "server-only";
import { db } from "../db/client";
import { insertJob } from "../jobs/enqueue";
import { materializeJobContract } from "../jobs/contracts";
import { featureGroupWhere } from "../access-where";
import { ONLINE_CODEC_VERSION } from "../online-store";

// Upgrades of the online codec (codec.ts ONLINE_CODEC_VERSION): a migration marks the groups whose online rows an
// older codec wrote (FeatureGroup.onlineCodecVersion below the current one); their rows are not served from then
// on, and each needs one materialization, which clears and rebuilds them (materialize.ts). A worker queues those
// materializations when it starts, so an upgrade repairs itself without anyone asking.

export type TQueuedRebuild = { projectId: string; featureGroupId: string; jobId: string };

/**
 * Queues a full materialization (as the system, audited) for every online-enabled group whose online rows are
 * stale, unless one is already queued for it (a queued job runs on upgraded code and so rebuilds). Several
 * workers starting at once may queue two for a group: harmless, each rebuild ends with every row written.
 */
export const enqueueOnlineRebuilds = async (): Promise<TQueuedRebuild[]> => {
  const queued: TQueuedRebuild[] = [];
  const projects = await db.project.findMany({ select: { id: true, name: true }, orderBy: { id: "asc" } });
  for (const project of projects) {
    // "write": the rebuild is the owning project's job, never a sharing project's.
    const stale = await db.featureGroup.findMany({
      where: {
        ...featureGroupWhere({ projectId: project.id, intent: "write" }),
        onlineEnabled: true,
        onlineCodecVersion: { lt: ONLINE_CODEC_VERSION },
      },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    for (const group of stale) {
      const pending = await db.job.count({
        where: { projectId: project.id, featureGroupId: group.id, type: materializeJobContract.type, status: "QUEUED" },
      });
      if (pending > 0) continue;
      const job = await insertJob({
        ctx: null,
        project,
        contract: materializeJobContract,
        payload: { featureGroupId: group.id, incremental: false },
        featureGroupId: group.id,
        createdById: null,
      });
      queued.push({ projectId: project.id, featureGroupId: group.id, jobId: job.id });
    }
  }
  return queued;
};
