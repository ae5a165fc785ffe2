import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { decideShare } from "@/server/sharing";

export const POST = route(OPERATIONS.acceptShare, async ({ ctx, access, params }) =>
  decideShare({ ctx, access, shareId: params.shareId, decision: "ACCEPTED" }),
);
