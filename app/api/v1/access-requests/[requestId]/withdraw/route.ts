import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { withdrawAccessRequest } from "@/server/sharing";

export const POST = route(OPERATIONS.withdrawAccessRequest, async ({ ctx, params }) =>
  withdrawAccessRequest({ ctx, requestId: params.requestId }),
);
