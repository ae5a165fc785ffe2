import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createFeatureGroup, findFeatureGroups } from "@/server/registry/feature-groups";

export const GET = route(OPERATIONS.listFeatureGroups, async ({ access, query }) => ({
  featureGroups: await findFeatureGroups({ access, ...query }),
}));

export const POST = route(OPERATIONS.createFeatureGroup, async ({ ctx, access, body }) =>
  createFeatureGroup({ ctx, access, input: body }),
);
