import { withProjectApi } from "@/server/http/with-api";
import { addMember, findMembers } from "@/server/registry/members";
import { ZAddMemberSchema } from "@/lib/api/schemas";

export const GET = withProjectApi({ scope: "members:read" }, async ({ access }) => ({
  members: await findMembers({ access }),
}));

export const POST = withProjectApi(
  { scope: "members:write", body: ZAddMemberSchema },
  async ({ ctx, access, body }) => ({
    status: 201,
    body: await addMember({ ctx, access, email: body.email, role: body.role }),
  }),
);
