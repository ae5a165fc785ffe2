import { withProjectApi } from "@/server/http/with-api";
import { deleteRowsByKey } from "@/server/ingest/insert";
import { ZDeleteRowsSchema } from "@/lib/api/feature-groups";

export const POST = withProjectApi(
  { scope: "featureData:write", body: ZDeleteRowsSchema },
  async ({ ctx, access, params, body }) => ({
    status: 202,
    body: await deleteRowsByKey({ ctx, access, name: params.name, version: params.version, keys: body.keys }),
  }),
);
