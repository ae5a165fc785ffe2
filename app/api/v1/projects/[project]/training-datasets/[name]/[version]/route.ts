import { withProjectApi } from "@/server/http/with-api";
import { deleteTrainingDataset, getTrainingDataset } from "@/server/feature-views";

export const GET = withProjectApi({ scope: "featureGroups:read" }, async ({ access, params }) =>
  getTrainingDataset({ access, name: params.name, version: params.version }),
);

export const DELETE = withProjectApi({ scope: "featureGroups:write" }, async ({ ctx, access, params }) => {
  await deleteTrainingDataset({ ctx, access, name: params.name, version: params.version });
  return { status: 204, body: null };
});
