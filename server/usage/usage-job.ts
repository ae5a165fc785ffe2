import "server-only";
import { defineJobRunner } from "../jobs/define";
import { usageJobContract } from "../jobs/contracts";
import { usageToday } from "@/lib/api/usage";
import { aggregateUsage } from "./aggregate";
import { DAY_MS } from "./types";

/**
 * Aggregates the project's usage per day (server/usage/aggregate.ts). Idempotent: each day is rewritten whole in one
 * transaction; a cancellation stops between days, leaving each day as it was or complete.
 */
export const usageJobRunner = defineJobRunner({
  contract: usageJobContract,
  run: async ({ job, payload, progress, log, signal }) => {
    const now = new Date();
    const to = payload.to ?? usageToday(now.getTime());
    const from = payload.from ?? usageToday(Date.parse(to) - DAY_MS);
    progress({ fraction: 0.05, message: `aggregating usage from ${from} to ${to}` });
    const result = await aggregateUsage({
      projectId: job.projectId,
      from,
      to,
      now,
      signal,
      onDay: ({ index, of }) => progress({ fraction: 0.05 + (0.95 * (index + 1)) / of }),
    });
    await log("info", `wrote ${result.rows} figure(s) for ${result.days.length} day(s)`);
    return { from, to, days: result.days.length, rows: result.rows };
  },
});
