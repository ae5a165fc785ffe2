import { withApi } from "@/server/http/with-api";
import { findUserById } from "@/server/registry/users";

export const GET = withApi({ auth: "user" }, async ({ ctx }) => ({ user: await findUserById(ctx.principal.userId) }));
