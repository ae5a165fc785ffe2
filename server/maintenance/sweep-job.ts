import "server-only";
import { defineJobRunner } from "../jobs/define";
import { sweepLeftoversJobContract } from "../jobs/contracts";
import { sweepLeftovers } from "./run-sweep";

/**
 * Removes the project's leftovers of killed processes (server/maintenance/run-sweep.ts). Idempotent: a second run
 * finds nothing old and unowned left.
 */
export const sweepLeftoversJobRunner = defineJobRunner({
  contract: sweepLeftoversJobContract,
  run: async ({ job, payload, progress, log }) => {
    progress({ fraction: 0.1, message: "looking for leftovers" });
    const report = await sweepLeftovers({ projectId: job.projectId, graceMs: payload.graceMinutes * 60_000 });
    const removed = [...report.uploads, ...report.staging, ...report.trainingTemp];
    await log(
      "info",
      `removed ${report.uploads.length} upload(s), ${report.staging.length} staging entr${report.staging.length === 1 ? "y" : "ies"} and ${report.trainingTemp.length} training temp folder(s) older than ${payload.graceMinutes} min${removed.length ? `: ${removed.join(", ")}` : ""}`,
    );
    return report;
  },
});
