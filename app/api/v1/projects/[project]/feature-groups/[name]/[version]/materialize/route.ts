import { withProjectApi } from "@/server/http/with-api";
import { enqueueMaterialization } from "@/server/online/api";
import { ZMaterializeSchema } from "@/lib/api/online";

export const POST = withProjectApi(
  { scope: "featureData:write", body: ZMaterializeSchema },
  async ({ ctx, access, params, body }) => ({
    status: 202,
    body: await enqueueMaterialization({ ctx, access, name: params.name, version: params.version, input: body }),
  }),
);
