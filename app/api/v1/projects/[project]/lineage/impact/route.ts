import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
// Models and data sources register their lineage node kinds when loaded (docs/lineage.md "Node kinds").
import "@/server/models";
import "@/server/sources";
import { getLineageImpact } from "@/server/lineage";

export const GET = route(OPERATIONS.getLineageImpact, async ({ access, query }) =>
  getLineageImpact({ access, target: query }),
);
