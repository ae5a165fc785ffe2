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

// The sweeper's grace period: leftovers younger than this are kept (an upload or a commit may still be writing them).
const DEFAULT_SWEEP_GRACE_MINUTES = 60;
// Below this a slow upload between two writes could be taken for a leftover.
const MIN_SWEEP_GRACE_MINUTES = 5;

const ZSweepLeftoversPayloadSchema = z
  .object({
    graceMinutes: z
      .number()
      .int()
      .min(MIN_SWEEP_GRACE_MINUTES)
      .max(30 * 24 * 60)
      .default(DEFAULT_SWEEP_GRACE_MINUTES),
  })
  .strict();

/**
 * Removes the project's leftovers of killed processes that no live job owns and that are older than the grace
 * period: partial uploads, consumed uploads, `_larder_staging` entries, training-dataset `.tmp-<uuid>` folders
 * (runner: server/maintenance/sweep-job.ts; also run for every project when a worker starts).
 */
export const sweepLeftoversJobContract = defineJobContract({
  type: "sweep-leftovers",
  payloadSchema: ZSweepLeftoversPayloadSchema,
  scope: "featureGroups:write",
  schedulable: true,
  concurrency: 1,
});
