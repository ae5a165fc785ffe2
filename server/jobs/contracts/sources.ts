import "server-only";
import { z } from "zod";
import { defineJobContract } from "../define";

const ZSourceIngestPayloadSchema = z.object({ featureGroupId: z.string().min(1) });

/**
 * Reads a feature group's data source (a PostgreSQL table or query after the group's watermark, or a file) into the
 * group as one commit (runner: server/sources/source-ingest-job.ts).
 */
export const sourceIngestJobContract = defineJobContract({
  type: "source-ingest",
  payloadSchema: ZSourceIngestPayloadSchema,
  scope: "featureData:write",
  schedulable: true,
  concurrency: 2,
});
