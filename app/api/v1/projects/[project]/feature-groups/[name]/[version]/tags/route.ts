import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getLabels, putLabels } from "@/server/tags";

export const GET = route(OPERATIONS.getFeatureGroupTags, async ({ access, params }) =>
  getLabels({ kind: "featureGroup", access, name: params.name, version: params.version }),
);

export const PUT = route(OPERATIONS.putFeatureGroupTags, async ({ ctx, access, params, body }) =>
  putLabels({ kind: "featureGroup", ctx, access, name: params.name, version: params.version, input: body }),
);
