import "server-only";
import { z } from "zod";
import { defineJobContract } from "../define";

// Monitoring (runners: server/monitoring/monitoring-jobs.ts; docs/monitoring.md): a drift monitor's run (on its
// cron schedule or "Run now"), a webhook's delivery of one alert (retried with backoff), and the freshness check
// of a project's feature groups against their SLAs (on a schedule).

export const monitorRunJobContract = defineJobContract({
  type: "monitor-run",
  payloadSchema: z.object({ monitorId: z.string().min(1) }).strict(),
  scope: "jobs:write",
  schedulable: true,
  // One DuckDB instance per run, like statistics.
  concurrency: 2,
});

export const webhookDeliveryJobContract = defineJobContract({
  type: "webhook-delivery",
  payloadSchema: z.object({ webhookId: z.string().min(1), alertId: z.string().min(1) }).strict(),
  scope: "jobs:write",
  // A receiver that is down gets the alert again with exponential backoff (2 s, 4 s, 8 s, 16 s …).
  maxAttempts: 6,
  retryDelaySeconds: 2,
  retryDelayMaxSeconds: 300,
  timeoutSeconds: 60,
});

export const freshnessCheckJobContract = defineJobContract({
  type: "freshness-check",
  payloadSchema: z.object({}).strict(),
  scope: "jobs:write",
  schedulable: true,
  timeoutSeconds: 300,
});
