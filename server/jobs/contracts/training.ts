import "server-only";
import { z } from "zod";
import { defineJobContract } from "../define";

const ZTrainingDatasetPayloadSchema = z.object({ trainingDatasetId: z.string().min(1) }).strict();

/** Materializes one training dataset (runner: server/feature-views/training-job.ts). */
export const trainingDatasetJobContract = defineJobContract({
  type: "training-dataset",
  payloadSchema: ZTrainingDatasetPayloadSchema,
  scope: "trainingDatasets:write",
  // A large join holds a DuckDB instance with a 1 GB memory limit; two at once per worker is plenty.
  concurrency: 2,
});
