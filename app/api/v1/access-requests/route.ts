import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createAccessRequest, listOwnAccessRequests } from "@/server/sharing";

export const GET = route(OPERATIONS.listMyAccessRequests, async ({ ctx }) => listOwnAccessRequests({ ctx }));

export const POST = route(OPERATIONS.createAccessRequest, async ({ ctx, body }) =>
  createAccessRequest({ ctx, input: body }),
);
