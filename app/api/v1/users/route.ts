import { withApi } from "@/server/http/with-api";
import { createUser, findUsers } from "@/server/registry/users";
import { ZCreateUserSchema } from "@/lib/api/schemas";

export const GET = withApi({ auth: "admin" }, async () => ({ users: await findUsers() }));

export const POST = withApi({ auth: "admin", body: ZCreateUserSchema }, async ({ ctx, body }) => ({
  status: 201,
  body: await createUser({ ctx, ...body }),
}));
