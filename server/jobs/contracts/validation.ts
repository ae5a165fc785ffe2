import "server-only";
import { z } from "zod";
import { defineJobContract } from "../define";

// On-demand data validation (runner: server/validation/validation-job.ts). Enqueued by `POST …/validation/runs`
// (server/validation/run.ts): runs a feature group's expectation suite against one of its commits and records the
// report, linked to the job (docs/validation.md). Ingest-time validation runs inside the ingest job, not here.

const ZValidationPayloadSchema = z
  .object({
    featureGroupId: z.string().min(1),
    /** The commit (Delta version) to validate: its snapshot is the load. */
    commit: z.number().int().min(0),
  })
  .strict();

/** Runs a group's suite against a commit and records its ON_DEMAND report. */
export const validationJobContract = defineJobContract({
  type: "validation",
  payloadSchema: ZValidationPayloadSchema,
  // Reads the group's data and records a report about it: a change to the group's metadata, not to its values.
  scope: "featureGroups:write",
  // One DuckDB instance (512 MB) per job.
  concurrency: 2,
});
