import "server-only";
import { z } from "zod";
import { DEFAULT_TARGET_FILE_SIZE_BYTES } from "../../offline";
import { defineJobContract } from "../define";

// Table maintenance for feature groups (runners: server/maintenance/maintenance-jobs.ts). Both are schedulable.

// Vacuum's default retention: a week, as Delta Lake's own default, so time travel within a week keeps working.
const DEFAULT_RETENTION_HOURS = 7 * 24;
// Below this, a vacuum could delete files of a commit still being written by a concurrent ingest.
const MIN_RETENTION_HOURS = 1;

const ZCompactPayloadSchema = z.object({
  featureGroupId: z.string().min(1),
  targetFileSizeBytes: z
    .number()
    .int()
    .min(1 << 20)
    .max(2 ** 31)
    .default(DEFAULT_TARGET_FILE_SIZE_BYTES),
});

const ZVacuumPayloadSchema = z.object({
  featureGroupId: z.string().min(1),
  retentionHours: z
    .number()
    .min(MIN_RETENTION_HOURS)
    .max(24 * 3650)
    .default(DEFAULT_RETENTION_HOURS),
});

/** Merges small files (many small commits, partitioned writes) into files of about the target size. */
export const compactJobContract = defineJobContract({
  type: "compact",
  payloadSchema: ZCompactPayloadSchema,
  scope: "featureGroups:write",
  schedulable: true,
});

/** Deletes files no commit references any more and older than the retention. */
export const vacuumJobContract = defineJobContract({
  type: "vacuum",
  payloadSchema: ZVacuumPayloadSchema,
  scope: "featureGroups:write",
  schedulable: true,
});
