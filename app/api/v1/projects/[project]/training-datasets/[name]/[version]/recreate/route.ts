import { withProjectApi } from "@/server/http/with-api";
import { recreateTrainingDataset } from "@/server/feature-views";

export const POST = withProjectApi({ scope: "featureGroups:write" }, async ({ ctx, access, params }) => ({
  status: 202,
  body: await recreateTrainingDataset({ ctx, access, name: params.name, version: params.version }),
}));
