import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { addMember, findMembers } from "@/server/registry/members";

export const GET = route(OPERATIONS.listMembers, async ({ access }) => ({ members: await findMembers({ access }) }));

export const POST = route(OPERATIONS.addMember, async ({ ctx, access, body }) =>
  addMember({ ctx, access, email: body.email, role: body.role }),
);
