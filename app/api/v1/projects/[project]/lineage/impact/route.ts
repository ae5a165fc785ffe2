import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getLineageImpact } from "@/server/lineage";

export const GET = route(OPERATIONS.getLineageImpact, async ({ access, query }) =>
  getLineageImpact({ access, target: query }),
);
