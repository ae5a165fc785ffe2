import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { downloadSplit } from "@/server/feature-views";

export const GET = route(OPERATIONS.downloadTrainingDatasetSplit, async ({ ctx, access, params, query }) =>
  downloadSplit({
    ctx,
    access,
    name: params.name,
    version: params.version,
    split: params.split,
    format: query.format,
  }),
);
