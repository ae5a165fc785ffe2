import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getStatisticsHistory } from "@/server/stats";

export const GET = route(OPERATIONS.getFeatureGroupStatisticsHistory, async ({ access, params }) =>
  getStatisticsHistory({ access, name: params.name, version: params.version }),
);
