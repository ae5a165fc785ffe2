import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getTrainingDatasetStatistics } from "@/server/stats";

export const GET = route(OPERATIONS.getTrainingDatasetStatistics, async ({ access, params }) =>
  getTrainingDatasetStatistics({ access, name: params.name, version: params.version }),
);
