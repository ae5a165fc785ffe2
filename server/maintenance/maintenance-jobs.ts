import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { defineJob, PermanentJobError } from "../jobs/define";
import { compactTable, vacuumTable, DEFAULT_TARGET_FILE_SIZE_BYTES } from "../offline";
import { recordCommit } from "../registry/commits";

// Table maintenance for feature groups: compaction merges small files (many small commits, partitioned
// writes); vacuum deletes files no longer referenced and older than the retention. Both are schedulable.

// Vacuum's default retention: a week, as Delta Lake's own default, so time travel within a week keeps working.
const DEFAULT_RETENTION_HOURS = 7 * 24;
// Below this, a vacuum could delete files of a commit still being written by a concurrent ingest.
const MIN_RETENTION_HOURS = 1;

const findGroup = async ({ projectId, featureGroupId }: { projectId: string; featureGroupId: string }) => {
  const featureGroup = await db.featureGroup.findFirst({ where: { id: featureGroupId, projectId } });
  if (!featureGroup) throw new PermanentJobError("The feature group no longer exists");
  return featureGroup;
};

export const compactJob = defineJob({
  type: "compact",
  payloadSchema: z.object({
    featureGroupId: z.string().min(1),
    targetFileSizeBytes: z
      .number()
      .int()
      .min(1 << 20)
      .max(2 ** 31)
      .default(DEFAULT_TARGET_FILE_SIZE_BYTES),
  }),
  scope: "featureGroups:write",
  schedulable: true,
  // Idempotent: a second run finds nothing small left to merge (dataChange=false commits change no rows).
  run: async ({ job, payload, progress, log }) => {
    const featureGroup = await findGroup({ projectId: job.projectId, featureGroupId: payload.featureGroupId });
    progress({ fraction: 0.1, message: "merging small files" });
    const result = await compactTable({
      tablePath: featureGroup.tablePath,
      targetFileSizeBytes: payload.targetFileSizeBytes,
    });
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

export const vacuumJob = defineJob({
  type: "vacuum",
  payloadSchema: z.object({
    featureGroupId: z.string().min(1),
    retentionHours: z
      .number()
      .min(MIN_RETENTION_HOURS)
      .max(24 * 3650)
      .default(DEFAULT_RETENTION_HOURS),
  }),
  scope: "featureGroups:write",
  schedulable: true,
  // Idempotent: deleting an already-deleted file is a no-op.
  run: async ({ job, payload, progress, log }) => {
    const featureGroup = await findGroup({ projectId: job.projectId, featureGroupId: payload.featureGroupId });
    progress({ fraction: 0.1, message: "finding unreferenced files" });
    const result = await vacuumTable({
      tablePath: featureGroup.tablePath,
      retentionMs: payload.retentionHours * 3_600_000,
    });
    await log("info", `vacuum: deleted ${result.deletedFiles.length} files older than ${payload.retentionHours} h`);
    return { deletedFiles: result.deletedFiles.length };
  },
});
