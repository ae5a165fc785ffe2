import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { enqueueMaterialization } from "@/server/online/api";

export const POST = route(OPERATIONS.materializeFeatureGroup, async ({ ctx, access, params, body }) =>
  enqueueMaterialization({ ctx, access, name: params.name, version: params.version, input: body }),
);
