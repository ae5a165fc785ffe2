import "server-only";
import type { Prisma } from "../db/generated/client";
import { featureGroupWhere } from "../access-where";
import { enqueueStatistics } from "../jobs/enqueue-statistics";
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
    select: { statisticsConfig: true },
  });
  if (!featureGroup || !isStatisticsEnabled(featureGroup.statisticsConfig)) return;
  await enqueueStatistics({
    tx,
    projectId,
    payload: { featureGroupId, commit: deltaVersion },
    featureGroupId,
    createdById: userId,
  });
};
