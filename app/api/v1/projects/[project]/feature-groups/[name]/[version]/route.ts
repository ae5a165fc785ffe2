import { withProjectApi } from "@/server/http/with-api";
import { deleteFeatureGroup, getFeatureGroup, updateFeatureGroup } from "@/server/registry/feature-groups";
import { ZUpdateFeatureGroupSchema } from "@/lib/api/feature-groups";

export const GET = withProjectApi({ scope: "featureGroups:read" }, async ({ access, params }) =>
  getFeatureGroup({ access, name: params.name, version: params.version }),
);

export const PATCH = withProjectApi(
  { scope: "featureGroups:write", body: ZUpdateFeatureGroupSchema },
  async ({ ctx, access, params, body }) =>
    updateFeatureGroup({ ctx, access, name: params.name, version: params.version, input: body }),
);

export const DELETE = withProjectApi({ scope: "featureGroups:write" }, async ({ ctx, access, params }) => {
  await deleteFeatureGroup({ ctx, access, name: params.name, version: params.version });
  return { status: 204, body: null };
});
