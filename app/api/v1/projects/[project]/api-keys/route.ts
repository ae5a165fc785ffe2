import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createApiKey, findApiKeys } from "@/server/auth/api-keys";

export const GET = route(OPERATIONS.listApiKeys, async ({ ctx, access }) => ({
  apiKeys: await findApiKeys({ access, principal: ctx.principal }),
}));

export const POST = route(OPERATIONS.createApiKey, async ({ ctx, access, body }) =>
  createApiKey({
    ctx,
    access,
    name: body.name,
    scopes: body.scopes,
    expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
  }),
);
