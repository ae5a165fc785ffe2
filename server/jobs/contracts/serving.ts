import "server-only";
import { z } from "zod";
import { defineJobContract } from "../define";

// Served-vector logging (runner: server/serving/served-vectors-job.ts). The feature server stages the vectors it
// samples in the registry (ServedVectorLog) and queues this job for the view when none is waiting; the job moves
// every staged vector into the view's own offline table in batches (docs/serving-observability.md).

const ZServedVectorsPayloadSchema = z.object({ featureViewId: z.string().min(1) }).strict();

export const servedVectorsJobContract = defineJobContract({
  type: "served-vectors",
  payloadSchema: ZServedVectorsPayloadSchema,
  // Writes the view's served-vector table: feature data.
  scope: "featureData:write",
  // Schedulable so that an operator can also drain on a timetable; the feature server queues it on its own.
  schedulable: true,
  concurrency: 2,
});
