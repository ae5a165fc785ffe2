import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { insertIntoFeatureGroup } from "@/server/ingest/insert";

export const POST = route(OPERATIONS.insertIntoFeatureGroup, async ({ ctx, access, params, body }) =>
  insertIntoFeatureGroup({
    ctx,
    access,
    name: params.name,
    version: params.version,
    rows: body.rows,
    uploadId: body.uploadId,
  }),
);
