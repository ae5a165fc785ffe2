import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createTrainingDataset, findTrainingDatasets } from "@/server/feature-views";

export const GET = route(OPERATIONS.listTrainingDatasets, async ({ access, params }) => ({
  trainingDatasets: await findTrainingDatasets({
    access,
    featureViewName: params.name,
    featureViewVersion: params.version,
  }),
}));

export const POST = route(OPERATIONS.createTrainingDataset, async ({ ctx, access, params, body }) => {
  const { job, trainingDataset } = await createTrainingDataset({
    ctx,
    access,
    featureViewName: params.name,
    featureViewVersion: params.version,
    input: body,
  });
  // Through the API a dataset is always queued; only the demo seed records one without a job.
  if (!job) throw new Error("The training dataset was recorded without a job");
  return { job, trainingDataset };
});
