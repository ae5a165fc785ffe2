import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { findCommits } from "@/server/registry/feature-group-data";

export const GET = route(OPERATIONS.listCommits, async ({ access, params }) => ({
  commits: await findCommits({ access, name: params.name, version: params.version }),
}));
