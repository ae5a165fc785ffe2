import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getServingMetrics } from "@/server/serving";

export const GET = route(OPERATIONS.getServingMetrics, async ({ access, params, query }) =>
  getServingMetrics({ access, name: params.name, version: params.version, ...query }),
);
