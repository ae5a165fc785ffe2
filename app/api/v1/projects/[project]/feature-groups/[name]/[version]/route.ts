import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteFeatureGroup, getFeatureGroup } from "@/server/registry/feature-groups";
import { updateFeatureGroup } from "@/server/registry/feature-group-schema";

// The wrapper has parsed the version as a bounded integer; services take it as that number.
export const GET = route(OPERATIONS.getFeatureGroup, async ({ access, params }) =>
  getFeatureGroup({ access, name: params.name, version: params.version }),
);

export const PATCH = route(OPERATIONS.updateFeatureGroup, async ({ ctx, access, params, body }) =>
  updateFeatureGroup({ ctx, access, name: params.name, version: params.version, input: body }),
);

export const DELETE = route(OPERATIONS.deleteFeatureGroup, async ({ ctx, access, params, query }) => {
  await deleteFeatureGroup({ ctx, access, name: params.name, version: params.version, force: query.force === "true" });
});
