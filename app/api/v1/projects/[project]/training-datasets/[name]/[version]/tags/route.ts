import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getLabels, putLabels } from "@/server/tags";

export const GET = route(OPERATIONS.getTrainingDatasetTags, async ({ access, params }) =>
  getLabels({ kind: "trainingDataset", access, name: params.name, version: params.version }),
);

export const PUT = route(OPERATIONS.putTrainingDatasetTags, async ({ ctx, access, params, body }) =>
  putLabels({ kind: "trainingDataset", ctx, access, name: params.name, version: params.version, input: body }),
);
