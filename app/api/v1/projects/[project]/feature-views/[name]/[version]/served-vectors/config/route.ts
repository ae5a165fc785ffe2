import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { updateServedVectorLogging } from "@/server/serving";

export const PUT = route(OPERATIONS.updateServedVectorLogging, async ({ ctx, access, params, body }) =>
  updateServedVectorLogging({ ctx, access, name: params.name, version: params.version, rate: body.rate }),
);
