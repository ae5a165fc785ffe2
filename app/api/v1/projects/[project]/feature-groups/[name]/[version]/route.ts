import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteFeatureGroup, getFeatureGroup, updateFeatureGroup } from "@/server/registry/feature-groups";

// Services take the version as path text; the wrapper has already parsed it as a bounded integer.
export const GET = route(OPERATIONS.getFeatureGroup, async ({ access, params }) =>
  getFeatureGroup({ access, name: params.name, version: String(params.version) }),
);

export const PATCH = route(OPERATIONS.updateFeatureGroup, async ({ ctx, access, params, body }) =>
  updateFeatureGroup({ ctx, access, name: params.name, version: String(params.version), input: body }),
);

export const DELETE = route(OPERATIONS.deleteFeatureGroup, async ({ ctx, access, params }) => {
  await deleteFeatureGroup({ ctx, access, name: params.name, version: String(params.version) });
});
