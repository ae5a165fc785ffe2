import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getLabels, putLabels } from "@/server/tags";

export const GET = route(OPERATIONS.getFeatureTags, async ({ access, params }) =>
  getLabels({ kind: "feature", access, name: params.name, version: params.version, feature: params.feature }),
);

export const PUT = route(OPERATIONS.putFeatureTags, async ({ ctx, access, params, body }) =>
  putLabels({
    kind: "feature",
    ctx,
    access,
    name: params.name,
    version: params.version,
    feature: params.feature,
    input: body,
  }),
);
