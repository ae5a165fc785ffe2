import "server-only";
import type { Prisma } from "../db/generated/client";
import { statisticsJobContract } from "./contracts";
import { insertJob } from "./enqueue";
import type { z } from "zod";

// The one way a commit or a finished training dataset queues its statistics job: inside the transaction that made
// the data visible, by contract (the runner lives in server/stats, above the rooms that call this), so the job
// exists exactly when the data does. A caller's request (ctx) plays no part: these jobs follow the data, not a user.

export const enqueueStatistics = async ({
  tx,
  projectId,
  payload,
  featureGroupId = null,
  createdById,
}: {
  tx: Prisma.TransactionClient;
  projectId: string;
  payload: z.input<typeof statisticsJobContract.payloadSchema>;
  featureGroupId?: string | null;
  createdById: string | null;
}) =>
  insertJob({
    tx,
    ctx: null,
    project: await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true, name: true } }),
    contract: statisticsJobContract,
    payload,
    featureGroupId,
    createdById,
  });
