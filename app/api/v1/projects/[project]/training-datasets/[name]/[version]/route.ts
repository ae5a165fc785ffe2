import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteTrainingDataset, getTrainingDataset } from "@/server/feature-views";

export const GET = route(OPERATIONS.getTrainingDataset, async ({ access, params }) =>
  getTrainingDataset({ access, name: params.name, version: params.version }),
);

export const DELETE = route(OPERATIONS.deleteTrainingDataset, async ({ ctx, access, params, query }) => {
  await deleteTrainingDataset({
    ctx,
    access,
    name: params.name,
    version: params.version,
    force: query.force === "true",
  });
});
