import { withProjectApi } from "@/server/http/with-api";
import { deleteFeatureView, getFeatureView } from "@/server/feature-views";
import { ZDeleteFeatureViewQuerySchema } from "@/lib/api/feature-views";

export const GET = withProjectApi({ scope: "featureGroups:read" }, async ({ access, params }) =>
  getFeatureView({ access, name: params.name, version: params.version }),
);

export const DELETE = withProjectApi(
  { scope: "featureGroups:write", query: ZDeleteFeatureViewQuerySchema },
  async ({ ctx, access, params, query }) => {
    await deleteFeatureView({ ctx, access, name: params.name, version: params.version, force: query.force === "true" });
    return { status: 204, body: null };
  },
);
