import { withProjectApi } from "@/server/http/with-api";
import { createTrainingDataset, findTrainingDatasets } from "@/server/feature-views";
import { ZCreateTrainingDatasetSchema } from "@/lib/api/training-datasets";

export const GET = withProjectApi({ scope: "featureGroups:read" }, async ({ access, params }) => ({
  trainingDatasets: await findTrainingDatasets({
    access,
    featureViewName: params.name,
    featureViewVersion: params.version,
  }),
}));

export const POST = withProjectApi(
  { scope: "featureGroups:write", body: ZCreateTrainingDatasetSchema },
  async ({ ctx, access, params, body }) => ({
    status: 202,
    body: await createTrainingDataset({
      ctx,
      access,
      featureViewName: params.name,
      featureViewVersion: params.version,
      input: body,
    }),
  }),
);
