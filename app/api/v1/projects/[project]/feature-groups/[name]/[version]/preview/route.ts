import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { previewFeatureGroup } from "@/server/registry/feature-group-data";

export const GET = route(OPERATIONS.previewFeatureGroup, async ({ ctx, access, params, query }) =>
  previewFeatureGroup({ ctx, access, name: params.name, version: params.version, ...query }),
);
