import "server-only";
import type { Prisma } from "../db/generated/client";
import { featureGroupWhere } from "../access-where";
import { insertJob } from "../jobs/enqueue";
import { statisticsJobContract } from "../jobs/contracts";
import { isStatisticsEnabled } from "@/lib/api/statistics";

// After a data commit the registry queues the statistics of its snapshot by contract (the runner lives in
// server/stats, above this room): whoever commits — an ingest, a row deletion, new features with defaults —
// gets statistics without knowing about them. Groups whose statistics are switched off queue nothing.

export const enqueueCommitStatistics = async ({
  tx,
  projectId,
  featureGroupId,
  deltaVersion,
  userId,
}: {
  tx: Prisma.TransactionClient;
  projectId: string;
  featureGroupId: string;
  deltaVersion: number;
  userId: string | null;
}) => {
  const featureGroup = await tx.featureGroup.findFirst({
    where: { ...featureGroupWhere({ projectId, intent: "write" }), id: featureGroupId },
    select: { statisticsConfig: true, project: { select: { id: true, name: true } } },
  });
  if (!featureGroup || !isStatisticsEnabled(featureGroup.statisticsConfig)) return;
  await insertJob({
    tx,
    ctx: null,
    project: featureGroup.project,
    contract: statisticsJobContract,
    payload: { featureGroupId, commit: deltaVersion },
    featureGroupId,
    createdById: userId,
  });
};
