import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteFeatureView, getFeatureView } from "@/server/feature-views";

// Services take the version as path text; the wrapper has already parsed it as a bounded integer.
export const GET = route(OPERATIONS.getFeatureView, async ({ access, params }) =>
  getFeatureView({ access, name: params.name, version: String(params.version) }),
);

export const DELETE = route(OPERATIONS.deleteFeatureView, async ({ ctx, access, params, query }) => {
  await deleteFeatureView({
    ctx,
    access,
    name: params.name,
    version: String(params.version),
    force: query.force === "true",
  });
});
