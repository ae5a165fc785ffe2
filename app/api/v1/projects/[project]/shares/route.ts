import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createShare, listShares } from "@/server/sharing";

export const GET = route(OPERATIONS.listShares, async ({ access }) => listShares({ access }));

export const POST = route(OPERATIONS.createShare, async ({ ctx, access, body }) =>
  createShare({ ctx, access, input: body }),
);
