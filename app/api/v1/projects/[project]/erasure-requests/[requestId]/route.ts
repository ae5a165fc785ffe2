import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getErasureRequest } from "@/server/erasure";

export const GET = route(OPERATIONS.getErasureRequest, async ({ access, params }) =>
  getErasureRequest({ access, requestId: params.requestId }),
);
