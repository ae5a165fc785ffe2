import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { setEdgeDeidentifying } from "@/server/lineage";

export const PUT = route(OPERATIONS.putLineageEdgeDeidentifying, async ({ ctx, access, params, body }) =>
  setEdgeDeidentifying({ ctx, access, edgeId: params.edge, body }),
);
