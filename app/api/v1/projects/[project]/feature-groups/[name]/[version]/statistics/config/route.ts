import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getStatisticsConfig, updateStatisticsConfig } from "@/server/stats";

export const GET = route(OPERATIONS.getStatisticsConfig, async ({ access, params }) =>
  getStatisticsConfig({ access, name: params.name, version: params.version }),
);

export const PUT = route(OPERATIONS.updateStatisticsConfig, async ({ ctx, access, params, body }) =>
  updateStatisticsConfig({ ctx, access, name: params.name, version: params.version, input: body }),
);
