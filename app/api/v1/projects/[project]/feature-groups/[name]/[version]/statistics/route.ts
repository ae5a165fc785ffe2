import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { computeStatistics, getFeatureGroupStatistics } from "@/server/stats";

export const GET = route(OPERATIONS.getFeatureGroupStatistics, async ({ access, params, query }) =>
  getFeatureGroupStatistics({ access, name: params.name, version: params.version, ...query }),
);

export const POST = route(OPERATIONS.computeFeatureGroupStatistics, async ({ ctx, access, params, body }) =>
  computeStatistics({ ctx, access, name: params.name, version: params.version, input: body }),
);
