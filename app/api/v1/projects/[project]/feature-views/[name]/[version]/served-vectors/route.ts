import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getServedVectors } from "@/server/serving";

export const GET = route(OPERATIONS.getServedVectors, async ({ ctx, access, params, query }) =>
  getServedVectors({ ctx, access, name: params.name, version: params.version, limit: query.limit }),
);
