import { withProjectApi } from "@/server/http/with-api";
import { createFeatureView, findFeatureViews } from "@/server/feature-views";
import { ZCreateFeatureViewSchema, ZFeatureViewListQuerySchema } from "@/lib/api/feature-views";

export const GET = withProjectApi(
  { scope: "featureGroups:read", query: ZFeatureViewListQuerySchema },
  async ({ access, query }) => ({ featureViews: await findFeatureViews({ access, q: query.q }) }),
);

export const POST = withProjectApi(
  { scope: "featureGroups:write", body: ZCreateFeatureViewSchema },
  async ({ ctx, access, body }) => ({
    status: 201,
    body: await createFeatureView({ ctx, access, input: body }),
  }),
);
