import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { adminCreateErasureRequest } from "@/server/erasure";

export const POST = route(OPERATIONS.adminCreateErasureRequest, async ({ ctx, body }) =>
  adminCreateErasureRequest({ ctx, input: body }),
);
