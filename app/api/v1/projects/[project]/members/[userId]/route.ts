import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { removeMember, updateMemberRole } from "@/server/registry/members";

export const PATCH = route(OPERATIONS.updateMember, async ({ ctx, access, params, body }) =>
  updateMemberRole({ ctx, access, userId: params.userId, role: body.role }),
);

export const DELETE = route(OPERATIONS.removeMember, async ({ ctx, access, params }) => {
  await removeMember({ ctx, access, userId: params.userId });
});
