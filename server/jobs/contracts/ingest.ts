import "server-only";
import { z } from "zod";
import { defineJobContract } from "../define";

const ZIngestPayloadSchema = z.object({
  featureGroupId: z.string().min(1),
  uploadId: z.string().min(1),
  mode: z.enum(["upsert", "delete"]).default("upsert"),
});

/** Loads one staged upload into a feature group as one Delta commit (runner: server/ingest/ingest-job.ts). */
export const ingestJobContract = defineJobContract({
  type: "ingest",
  payloadSchema: ZIngestPayloadSchema,
  scope: "featureData:write",
});
