import { withProjectApi } from "@/server/http/with-api";
import { removeMember, updateMemberRole } from "@/server/registry/members";
import { ZUpdateMemberSchema } from "@/lib/api/schemas";

export const PATCH = withProjectApi(
  { scope: "members:write", body: ZUpdateMemberSchema },
  async ({ ctx, access, params, body }) => updateMemberRole({ ctx, access, userId: params.userId, role: body.role }),
);

export const DELETE = withProjectApi({ scope: "members:write" }, async ({ ctx, access, params }) => {
  await removeMember({ ctx, access, userId: params.userId });
  return { status: 204, body: null };
});
