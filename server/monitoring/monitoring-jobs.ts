import "server-only";
import { defineJobRunner, PermanentJobError } from "../jobs/define";
import { freshnessCheckJobContract, monitorRunJobContract, webhookDeliveryJobContract } from "../jobs/contracts";
import { MonitorInputError, runMonitor } from "./run-monitor";
import { deliverAlert, WebhookGoneError } from "./webhooks";
import { checkFreshness } from "./freshness";

// The monitoring jobs' runners (contracts: server/jobs/contracts/monitoring.ts). Results hold counts only.

const permanent = async <T>(work: () => Promise<T>, inputErrors: (new (...args: never[]) => Error)[]) => {
  try {
    return await work();
  } catch (error) {
    if (inputErrors.some((type) => error instanceof type))
      throw new PermanentJobError((error as Error).message, { cause: error });
    throw error;
  }
};

export const monitorRunJobRunner = defineJobRunner({
  contract: monitorRunJobContract,
  run: async ({ job, payload, progress, log, signal }) => {
    progress({ fraction: 0.05, message: "reading the windows" });
    const result = await permanent(
      () => runMonitor({ projectId: job.projectId, monitorId: payload.monitorId, jobId: job.id, signal }),
      [MonitorInputError],
    );
    await log("info", `detection window: ${result.rows} rows; ${result.breaches} thresholds crossed`);
    progress({ fraction: 1, rowsProcessed: result.rows });
    return result;
  },
});

export const webhookDeliveryJobRunner = defineJobRunner({
  contract: webhookDeliveryJobContract,
  run: async ({ job, payload, log, signal }) => {
    const result = await permanent(
      () => deliverAlert({ projectId: job.projectId, ...payload, signal }),
      [WebhookGoneError],
    );
    await log("info", `delivered: the receiver answered ${result.status}`);
    return result;
  },
});

export const freshnessCheckJobRunner = defineJobRunner({
  contract: freshnessCheckJobContract,
  run: async ({ job }) => checkFreshness({ projectId: job.projectId }),
});
