import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { enqueueConsistencyCheck } from "@/server/online/api";

export const POST = route(OPERATIONS.checkOnlineConsistency, async ({ ctx, access, params, body }) =>
  enqueueConsistencyCheck({ ctx, access, name: params.name, version: params.version, sample: body.sample }),
);
