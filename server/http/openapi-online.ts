import "server-only";
import { z } from "zod";
import { ZMaterializeSchema, ZOnlineCheckSchema, ZOnlineRowsSchema } from "@/lib/api/online";
import type { TApiOperation } from "./openapi-operations";

const FG = "/api/v1/projects/{project}/feature-groups/{name}/{version}";
const ZEnqueuedSchema = z.object({
  job: z.object({ id: z.string(), status: z.string(), type: z.string() }).passthrough(),
});
const ZOnlineRowsQuerySchema = z.object({
  key: z
    .string()
    .describe(
      'A key: the value of a one-column primary key (key=42), or a JSON object of every key column (key={"card_id":42}). Repeat for several (at most 100).',
    ),
});

export const ONLINE_OPERATIONS: TApiOperation[] = [
  {
    id: "materializeFeatureGroup",
    method: "post",
    path: `${FG}/materialize`,
    summary:
      "Copy the offline store's latest rows to the online store: all keys, an event-time range [start, end), or the keys changed since the last run (incremental); returns the job",
    tag: "Online store",
    scope: "featureData:write",
    body: ZMaterializeSchema,
    response: ZEnqueuedSchema,
    successStatus: 202,
  },
  {
    id: "checkOnlineConsistency",
    method: "post",
    path: `${FG}/online/check`,
    summary:
      "Compare online values with the latest offline rows (all keys or a sample); the job's result is the report",
    tag: "Online store",
    scope: "featureData:read",
    body: ZOnlineCheckSchema,
    response: ZEnqueuedSchema,
    successStatus: 202,
  },
  {
    id: "readOnlineRows",
    method: "get",
    path: `${FG}/online/rows`,
    summary: "Online values for keys (debugging; audited as a read of feature values)",
    tag: "Online store",
    scope: "featureData:read",
    query: ZOnlineRowsQuerySchema,
    response: ZOnlineRowsSchema,
  },
];
