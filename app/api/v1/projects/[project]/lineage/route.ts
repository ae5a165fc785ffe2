import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getLineageGraph } from "@/server/lineage";

export const GET = route(OPERATIONS.getLineage, async ({ access, query }) => getLineageGraph({ access, query }));
