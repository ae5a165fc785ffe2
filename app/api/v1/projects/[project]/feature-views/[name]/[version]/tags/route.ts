import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getLabels, putLabels } from "@/server/tags";

export const GET = route(OPERATIONS.getFeatureViewTags, async ({ access, params }) =>
  getLabels({ kind: "featureView", access, name: params.name, version: params.version }),
);

export const PUT = route(OPERATIONS.putFeatureViewTags, async ({ ctx, access, params, body }) =>
  putLabels({ kind: "featureView", ctx, access, name: params.name, version: params.version, input: body }),
);
