import { OPERATIONS } from "@/lib/api/operations";
import { UnauthorizedError } from "@/server/errors";
import { route } from "@/server/http/route";
import { describeCallingApiKey } from "@/server/auth/access";
import { findUserById } from "@/server/registry/users";

export const GET = route(OPERATIONS.getMe, async ({ ctx }) => {
  const user = await findUserById(ctx.principal.userId);
  // Removed between authentication and this read: as signed out as a session of a deleted account.
  if (!user) throw new UnauthorizedError("Your account no longer exists");
  if (ctx.principal.kind === "user") return { user };
  return { user, apiKey: await describeCallingApiKey({ principal: ctx.principal }) };
});
