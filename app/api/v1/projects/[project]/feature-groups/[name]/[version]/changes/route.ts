import { withProjectApi } from "@/server/http/with-api";
import { featureGroupChanges } from "@/server/registry/feature-group-data";
import { ZChangesQuerySchema } from "@/lib/api/feature-groups";

export const GET = withProjectApi(
  { scope: "featureData:read", query: ZChangesQuerySchema },
  async ({ ctx, access, params, query }) =>
    featureGroupChanges({ ctx, access, name: params.name, version: params.version, ...query }),
);
