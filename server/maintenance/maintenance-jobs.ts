import "server-only";
import { withTableWriteLock } from "../db/table-lock";
import { db } from "../db/client";
import { featureGroupWhere } from "../access-where";
import { defineJobRunner, PermanentJobError } from "../jobs/define";
import { compactJobContract, vacuumJobContract } from "../jobs/contracts";
import { compactTable, vacuumTable } from "../offline";
import { recordCommit } from "../registry/commits";

// Table maintenance for feature groups: compaction merges small files (many small commits, partitioned
// writes); vacuum deletes files no longer referenced and older than the retention. Both are schedulable
// (contracts: server/jobs/contracts/maintenance.ts).

/** The job's feature group (gone: the job fails for good), once the first step is reported. */
const startOnGroup = async ({
  job,
  payload,
  progress,
  step,
}: {
  job: { projectId: string };
  payload: { featureGroupId: string };
  progress: (update: { fraction: number; message: string }) => void;
  step: string;
}) => {
  const featureGroup = await db.featureGroup.findFirst({
    where: { ...featureGroupWhere({ projectId: job.projectId, intent: "write" }), id: payload.featureGroupId },
  });
  if (!featureGroup) throw new PermanentJobError("The feature group no longer exists");
  progress({ fraction: 0.1, message: step });
  return featureGroup;
};

export const compactJobRunner = defineJobRunner({
  contract: compactJobContract,
  // Idempotent: a second run finds nothing small left to merge (dataChange=false commits change no rows).
  run: async ({ job, payload, progress, log }) => {
    const featureGroup = await startOnGroup({ job, payload, progress, step: "merging small files" });
    // Shared with other writers, exclusive of an erasure (server/db/table-lock.ts).
    const result = await withTableWriteLock({ tablePath: featureGroup.tablePath, mode: "shared" }, () =>
      compactTable({ tablePath: featureGroup.tablePath, targetFileSizeBytes: payload.targetFileSizeBytes }),
    );
    if (result.filesRemoved > 0) {
      await recordCommit({
        featureGroupId: featureGroup.id,
        deltaVersion: result.version,
        operation: "OPTIMIZE",
        jobId: job.id,
        userId: job.createdById,
      });
    }
    await log("info", `compaction: ${result.filesRemoved} files merged into ${result.filesAdded}`);
    return result;
  },
});

export const vacuumJobRunner = defineJobRunner({
  contract: vacuumJobContract,
  // Idempotent: deleting an already-deleted file is a no-op.
  run: async ({ job, payload, progress, log }) => {
    const { tablePath } = await startOnGroup({ job, payload, progress, step: "finding unreferenced files" });
    const result = await vacuumTable({ tablePath, retentionMs: payload.retentionHours * 3_600_000 });
    await log("info", `vacuum: deleted ${result.deletedFiles.length} files older than ${payload.retentionHours} h`);
    return { deletedFiles: result.deletedFiles.length };
  },
});
