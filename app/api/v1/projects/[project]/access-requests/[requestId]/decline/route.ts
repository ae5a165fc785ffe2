import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { decideAccessRequest } from "@/server/sharing";

export const POST = route(OPERATIONS.declineAccessRequest, async ({ ctx, access, params }) =>
  decideAccessRequest({ ctx, access, requestId: params.requestId, decision: { approve: false } }),
);
