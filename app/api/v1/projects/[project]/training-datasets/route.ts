import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { listProjectTrainingDatasets } from "@/server/feature-views";

export const GET = route(OPERATIONS.listProjectTrainingDatasets, async ({ access }) => ({
  trainingDatasets: await listProjectTrainingDatasets({ access }),
}));
