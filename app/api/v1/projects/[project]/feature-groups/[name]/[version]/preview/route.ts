import { withProjectApi } from "@/server/http/with-api";
import { previewFeatureGroup } from "@/server/registry/feature-group-data";
import { ZAsOfQuerySchema } from "@/lib/api/feature-groups";

export const GET = withProjectApi(
  { scope: "featureData:read", query: ZAsOfQuerySchema },
  async ({ ctx, access, params, query }) =>
    previewFeatureGroup({ ctx, access, name: params.name, version: params.version, ...query }),
);
