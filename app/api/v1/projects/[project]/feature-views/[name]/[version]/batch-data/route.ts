import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getBatchData } from "@/server/feature-views";

export const POST = route(OPERATIONS.getBatchData, async ({ ctx, access, params, body }) =>
  getBatchData({ ctx, access, name: params.name, version: params.version, input: body }),
);
