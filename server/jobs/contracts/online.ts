import "server-only";
import { z } from "zod";
import { MAX_CHECK_SAMPLE } from "@/lib/api/online";
import { defineJobContract } from "../define";

// The online store's jobs (runners: server/online/online-jobs.ts).

const ZMaterializePayloadSchema = z
  .object({
    featureGroupId: z.string().min(1),
    start: z.iso.datetime({ offset: true }).optional(),
    end: z.iso.datetime({ offset: true }).optional(),
    incremental: z.boolean().default(false),
  })
  .refine((value) => !(value.start && value.end) || Date.parse(value.start) < Date.parse(value.end), {
    path: ["end"],
    message: "must be after start",
  });

const ZOnlineConsistencyCheckPayloadSchema = z.object({
  featureGroupId: z.string().min(1),
  sample: z.number().int().min(1).max(MAX_CHECK_SAMPLE).optional(),
});

/** Copies the offline store's latest rows to the online store (all keys, an event-time range, or changed keys). */
export const materializeJobContract = defineJobContract({
  type: "materialize",
  payloadSchema: ZMaterializePayloadSchema,
  scope: "featureData:write",
  schedulable: true,
  // Memory: one DuckDB sort of the group (1 GB limit) per job.
  concurrency: 2,
});

/** Compares online values with the offline store's latest rows (read-only). */
export const onlineConsistencyCheckJobContract = defineJobContract({
  type: "online-consistency-check",
  payloadSchema: ZOnlineConsistencyCheckPayloadSchema,
  scope: "featureData:read",
  schedulable: true,
  concurrency: 2,
  // Mismatch examples quote the online and offline values of the keys they name.
  resultValueKeys: ["examples"],
});
