import { withProjectApi } from "@/server/http/with-api";
import { createFeatureGroup, findFeatureGroups } from "@/server/registry/feature-groups";
import { ZCreateFeatureGroupSchema, ZFeatureGroupListQuerySchema } from "@/lib/api/feature-groups";

export const GET = withProjectApi(
  { scope: "featureGroups:read", query: ZFeatureGroupListQuerySchema },
  async ({ access, query }) => ({ featureGroups: await findFeatureGroups({ access, ...query }) }),
);

export const POST = withProjectApi(
  { scope: "featureGroups:write", body: ZCreateFeatureGroupSchema },
  async ({ ctx, access, body }) => ({
    status: 201,
    body: await createFeatureGroup({ ctx, access, input: body }),
  }),
);
