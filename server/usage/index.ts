import "server-only";

/**
 * Usage per project (docs/usage.md): the `usage` job's aggregation into UsageDaily rows (runner: usage-job.ts, given
 * to the worker by server/jobs/worker-runners.ts), the reports for Owners, billing systems and administrators, and
 * the daily schedule every worker registers.
 *
 *   readProjectUsage({ access, query }) → TUsageReport | a CSV Response
 *   readAdminUsage({ query }) → TAdminUsageReport | a CSV Response
 *   aggregateUsage({ projectId, from, to, now?, signal? }) → { days, rows }   (what the job runs; the demo seed too)
 *   queueUsageJobs({ ctx, input }) → { jobs }   (one usage job per project without one waiting: admins, the cron)
 *   scheduleDailyUsage() → registers the daily cron that queues a usage job per project (worker entry)
 */

export { readAdminUsage, readProjectUsage } from "./report";
export { aggregateUsage } from "./aggregate";
export { queueUsageJobs, scheduleDailyUsage } from "./daily";
