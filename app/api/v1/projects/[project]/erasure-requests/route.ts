import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createErasureRequest, listErasureRequests } from "@/server/erasure";

export const GET = route(OPERATIONS.listErasureRequests, async ({ access }) => listErasureRequests({ access }));

export const POST = route(OPERATIONS.createErasureRequest, async ({ ctx, access, body }) =>
  createErasureRequest({ ctx, project: access.project, input: body }),
);
