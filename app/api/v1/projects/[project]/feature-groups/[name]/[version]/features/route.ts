import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { appendFeatures } from "@/server/registry/feature-group-schema";

export const POST = route(OPERATIONS.appendFeatures, async ({ ctx, access, params, body }) =>
  appendFeatures({ ctx, access, name: params.name, version: params.version, input: body }),
);
