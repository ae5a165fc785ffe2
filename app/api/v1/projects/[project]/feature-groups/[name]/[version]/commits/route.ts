import { withProjectApi } from "@/server/http/with-api";
import { findCommits } from "@/server/registry/feature-group-data";

export const GET = withProjectApi({ scope: "featureGroups:read" }, async ({ access, params }) => ({
  commits: await findCommits({ access, name: params.name, version: params.version }),
}));
