import "server-only";
import { z } from "zod";
import { defineJobContract } from "../define";

// Erasure of an entity's data (runner: server/erasure/erasure-job.ts, docs/erasure.md).

/**
 * Removes a request's keys from its feature groups' offline history, the online store, training datasets and every
 * other store of values, and records the report. Resumable step by step; not cancellable once it starts deleting.
 */
export const erasureJobContract = defineJobContract({
  type: "erasure",
  payloadSchema: z.object({ erasureRequestId: z.string().min(1).max(100) }).strict(),
  scope: "erasure:write",
  // A killed erasure must finish: each attempt resumes after the last step it recorded.
  maxAttempts: 10,
  // One at a time per worker: it holds a table's write lock exclusively while it deletes.
  concurrency: 1,
});
