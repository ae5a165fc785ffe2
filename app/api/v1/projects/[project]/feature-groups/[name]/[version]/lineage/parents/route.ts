import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { putLineageParents } from "@/server/lineage";

export const PUT = route(OPERATIONS.putLineageParents, async ({ ctx, access, params, body }) =>
  putLineageParents({ ctx, access, name: params.name, version: params.version, body }),
);
