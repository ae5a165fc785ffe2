import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createFeatureView, findFeatureViews } from "@/server/feature-views";

export const GET = route(OPERATIONS.listFeatureViews, async ({ access, query }) => ({
  featureViews: await findFeatureViews({ access, q: query.q }),
}));

export const POST = route(OPERATIONS.createFeatureView, async ({ ctx, access, body }) =>
  createFeatureView({ ctx, access, input: body }),
);
