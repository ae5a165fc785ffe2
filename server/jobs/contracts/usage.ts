import "server-only";
import { ZUsageRunSchema } from "@/lib/api/usage";
import { defineJobContract } from "../define";

// Usage aggregation (runner: server/usage/usage-job.ts, docs/usage.md): writes the project's UsageDaily rows for each
// day of the range, one transaction per day. Without a range: yesterday and today (UTC), what the daily schedule
// wants — yesterday's totals complete, today's so far.

export const usageJobContract = defineJobContract({
  type: "usage",
  payloadSchema: ZUsageRunSchema,
  // What it writes is what usage:read shows: only those who may read usage may (re)compute it.
  scope: "usage:read",
  schedulable: true,
  concurrency: 1,
});
