import { withProjectApi } from "@/server/http/with-api";
import { insertIntoFeatureGroup } from "@/server/ingest/insert";
import { ZInsertSchema } from "@/lib/api/feature-groups";

export const POST = withProjectApi(
  { scope: "featureData:write", body: ZInsertSchema },
  async ({ ctx, access, params, body }) => ({
    status: 202,
    body: await insertIntoFeatureGroup({
      ctx,
      access,
      name: params.name,
      version: params.version,
      rows: body.rows,
      uploadId: body.uploadId,
    }),
  }),
);
