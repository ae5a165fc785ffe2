import { withProjectApi } from "@/server/http/with-api";
import { appendFeatures } from "@/server/registry/feature-groups";
import { ZAppendFeaturesSchema } from "@/lib/api/feature-groups";

export const POST = withProjectApi(
  { scope: "featureGroups:write", body: ZAppendFeaturesSchema },
  async ({ ctx, access, params, body }) => ({
    status: 201,
    body: await appendFeatures({ ctx, access, name: params.name, version: params.version, input: body }),
  }),
);
