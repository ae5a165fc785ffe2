import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteFeatureView, getFeatureView } from "@/server/feature-views";

// The wrapper has parsed the version as a bounded integer; services take it as that number.
export const GET = route(OPERATIONS.getFeatureView, async ({ access, params }) =>
  getFeatureView({ access, name: params.name, version: params.version }),
);

export const DELETE = route(OPERATIONS.deleteFeatureView, async ({ ctx, access, params, query }) => {
  await deleteFeatureView({
    ctx,
    access,
    name: params.name,
    version: params.version,
    force: query.force === "true",
  });
});
