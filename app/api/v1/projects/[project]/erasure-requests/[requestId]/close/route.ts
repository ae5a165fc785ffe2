import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { closeErasureRequest } from "@/server/erasure";

export const POST = route(OPERATIONS.closeErasureRequest, async ({ ctx, access, params }) =>
  closeErasureRequest({ ctx, access, requestId: params.requestId }),
);
