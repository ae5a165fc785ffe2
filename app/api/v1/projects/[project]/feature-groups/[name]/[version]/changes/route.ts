import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { featureGroupChanges } from "@/server/registry/feature-group-data";

export const GET = route(OPERATIONS.featureGroupChanges, async ({ ctx, access, params, query }) =>
  featureGroupChanges({ ctx, access, name: params.name, version: params.version, ...query }),
);
