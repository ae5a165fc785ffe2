import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { decideAccessRequest } from "@/server/sharing";

export const POST = route(OPERATIONS.approveAccessRequest, async ({ ctx, access, params, body }) =>
  decideAccessRequest({ ctx, access, requestId: params.requestId, decision: { approve: true, role: body.role } }),
);
