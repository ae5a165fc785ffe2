import { withProjectApi } from "@/server/http/with-api";
import { enqueueConsistencyCheck } from "@/server/online/api";
import { ZOnlineCheckSchema } from "@/lib/api/online";

export const POST = withProjectApi(
  { scope: "featureData:read", body: ZOnlineCheckSchema },
  async ({ ctx, access, params, body }) => ({
    status: 202,
    body: await enqueueConsistencyCheck({
      ctx,
      access,
      name: params.name,
      version: params.version,
      sample: body.sample,
    }),
  }),
);
