import { withProjectApi } from "@/server/http/with-api";
import { downloadSplit } from "@/server/feature-views";
import { ZDownloadSplitQuerySchema } from "@/lib/api/training-datasets";

export const GET = withProjectApi(
  { scope: "featureData:read", query: ZDownloadSplitQuerySchema },
  async ({ ctx, access, params, query }) =>
    downloadSplit({
      ctx,
      access,
      name: params.name,
      version: params.version,
      split: params.split,
      format: query.format,
    }),
);
