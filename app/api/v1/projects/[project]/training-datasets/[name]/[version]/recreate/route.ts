import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { recreateTrainingDataset } from "@/server/feature-views";

export const POST = route(OPERATIONS.recreateTrainingDataset, async ({ ctx, access, params }) => {
  const { job, trainingDataset } = await recreateTrainingDataset({
    ctx,
    access,
    name: params.name,
    version: params.version,
  });
  // Through the API a dataset is always queued; only the demo seed records one without a job.
  if (!job) throw new Error("The training dataset was recorded without a job");
  return { job, trainingDataset };
});
