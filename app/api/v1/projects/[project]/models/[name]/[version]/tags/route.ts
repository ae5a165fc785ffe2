import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getLabels, putLabels } from "@/server/tags";

export const GET = route(OPERATIONS.getModelTags, async ({ access, params }) =>
  getLabels({ kind: "model", access, name: params.name, version: params.version }),
);

export const PUT = route(OPERATIONS.putModelTags, async ({ ctx, access, params, body }) =>
  putLabels({ kind: "model", ctx, access, name: params.name, version: params.version, input: body }),
);
