import "server-only";
import { db } from "../db/client";
import { ensureQueue, getBoss } from "../jobs/boss";
import { usageJobContract } from "../jobs/contracts";
import { insertJob } from "../jobs/enqueue";
import type { TRequestContext } from "../principal";
import type { TAdminUsageRun, TAdminUsageRunResult } from "@/lib/api/usage";
import { NotFoundError } from "../errors";

// The daily usage run: a pg-boss cron (cluster-safe: one firing however many workers run) whose firing queues one
// `usage` job per project — yesterday's totals complete, today's so far. Registered by every worker at start.

const USAGE_DAILY_QUEUE = "larder.usage-daily";
// 00:20 UTC: yesterday has ended and its serving minutes have been flushed.
const USAGE_DAILY_CRON = "20 0 * * *";

/**
 * Queues a usage job for every project that has none waiting or running (the daily cron, or an administrator's
 * run: `POST /admin/usage/runs`); answers the jobs queued.
 */
export const queueUsageJobs = async ({
  ctx = null,
  input = {},
}: { ctx?: TRequestContext | null; input?: TAdminUsageRun } = {}): Promise<TAdminUsageRunResult> => {
  const { project: only, ...payload } = input;
  const projects = await db.project.findMany({
    where: only ? { name: only } : {},
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  if (only && projects.length === 0) throw new NotFoundError(`Project '${only}' not found`);
  const busy = new Set(
    (
      await db.job.findMany({
        where: { type: usageJobContract.type, status: { in: ["QUEUED", "RUNNING"] } },
        select: { projectId: true },
      })
    ).map((job) => job.projectId),
  );
  const jobs: TAdminUsageRunResult["jobs"] = [];
  for (const project of projects) {
    if (busy.has(project.id)) continue;
    const job = await insertJob({
      ctx,
      project,
      contract: usageJobContract,
      payload,
      createdById: ctx?.principal.userId ?? null,
    });
    jobs.push({ project: project.name, jobId: job.id });
  }
  return { jobs };
};

export const scheduleDailyUsage = async () => {
  const boss = await getBoss();
  await ensureQueue(boss, USAGE_DAILY_QUEUE);
  await boss.schedule(USAGE_DAILY_QUEUE, USAGE_DAILY_CRON, {}, { tz: "UTC" });
  await boss.work(USAGE_DAILY_QUEUE, async () => {
    const { jobs } = await queueUsageJobs();
    console.log(`[larder] usage: queued ${jobs.length} daily usage job(s)`);
  });
};
