import { withProjectApi } from "@/server/http/with-api";
import { getBatchData } from "@/server/feature-views";
import { ZBatchDataSchema } from "@/lib/api/training-datasets";

export const POST = withProjectApi(
  { scope: "featureData:read", body: ZBatchDataSchema },
  async ({ ctx, access, params, body }) =>
    getBatchData({ ctx, access, name: params.name, version: params.version, input: body }),
);
