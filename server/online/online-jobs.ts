import "server-only";
import { defineJobRunner, PermanentJobError } from "../jobs/define";
import { materializeJobContract, onlineConsistencyCheckJobContract } from "../jobs/contracts";
import { checkOnlineConsistency } from "./consistency-check";
import { findMaterializableGroup, materializeFeatureGroup } from "./materialize";
import { settleOnlineSync } from "./sync-state";
import { withTableWriteLock } from "../db/table-lock";

const findOnlineGroup = async ({ projectId, featureGroupId }: { projectId: string; featureGroupId: string }) => {
  const featureGroup = await findMaterializableGroup({ projectId, featureGroupId });
  if (!featureGroup) throw new PermanentJobError("The feature group no longer exists");
  if (!featureGroup.onlineEnabled)
    throw new PermanentJobError(
      `Feature group '${featureGroup.name}' version ${featureGroup.version} is not online-enabled`,
    );
  return featureGroup;
};

/**
 * Copies the offline store's latest rows to the online store (all keys, an event-time range, or the keys changed
 * since the last run). Idempotent and resumable: writes are latest-wins and the cursor saved after each chunk lets
 * a retried attempt continue where the killed one stopped (server/online/materialize.ts).
 */
export const materializeJobRunner = defineJobRunner({
  contract: materializeJobContract,
  run: async ({ job, payload, progress, log, signal }) => {
    const featureGroup = await findOnlineGroup({ projectId: job.projectId, featureGroupId: payload.featureGroupId });
    if ((payload.start || payload.end) && !featureGroup.eventTime)
      throw new PermanentJobError("A time range needs an event-time column; this group has none");
    // Shared with other writers of the table: an erasure waits for this run, so it cannot put erased rows back
    // online from a snapshot read before the erasure (server/db/table-lock.ts).
    const result = await withTableWriteLock({ tablePath: featureGroup.tablePath, mode: "shared" }, () =>
      materializeFeatureGroup({
        featureGroup,
        jobId: job.id,
        incremental: payload.incremental,
        start: payload.start,
        end: payload.end,
        progress,
        signal,
      }),
    );
    // A group marked out of sync by a failed write-through is in sync again once this run covered that commit.
    await settleOnlineSync({ featureGroupId: featureGroup.id });
    await log(
      "info",
      result.upToDate
        ? `online store already reflects commit ${result.snapshotVersion}; nothing to do`
        : `${result.mode} materialization of commit ${result.snapshotVersion}${result.resumed ? " (resumed)" : ""}: ${result.rows} rows in ${result.chunks} chunks, ${result.keysDeleted} keys deleted`,
    );
    return result;
  },
});

/** Compares online values with the offline store's latest rows (read-only, so trivially idempotent). */
export const onlineConsistencyCheckJobRunner = defineJobRunner({
  contract: onlineConsistencyCheckJobContract,
  run: async ({ job, payload, progress, log, signal }) => {
    const featureGroup = await findOnlineGroup({ projectId: job.projectId, featureGroupId: payload.featureGroupId });
    const report = await checkOnlineConsistency({ featureGroup, sample: payload.sample, progress, signal });
    const mismatched = Object.values(report.mismatches).reduce((sum, count) => sum + count, 0);
    await log(
      mismatched ? "warn" : "info",
      `${report.keysChecked} keys checked against commit ${report.snapshotVersion}: ${mismatched} mismatches ${JSON.stringify(report.mismatches)}`,
    );
    return report;
  },
});
