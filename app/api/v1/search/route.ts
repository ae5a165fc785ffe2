import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { searchCatalog } from "@/server/search";

export const GET = route(OPERATIONS.search, async ({ ctx, query }) =>
  searchCatalog({
    principal: ctx.principal,
    query: query.parsed,
    text: query.q,
    perKind: query.perKind,
    discover: query.discover,
  }),
);
