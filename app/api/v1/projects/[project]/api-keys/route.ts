import { withProjectApi } from "@/server/http/with-api";
import { createApiKey, findApiKeys } from "@/server/auth/api-keys";
import { ZCreateApiKeySchema } from "@/lib/api/schemas";

export const GET = withProjectApi({ scope: "project:read" }, async ({ ctx, access }) => ({
  apiKeys: await findApiKeys({ access, principal: ctx.principal }),
}));

export const POST = withProjectApi(
  { scope: "project:read", body: ZCreateApiKeySchema },
  async ({ ctx, access, body }) => ({
    status: 201,
    body: await createApiKey({
      ctx,
      access,
      name: body.name,
      scopes: body.scopes,
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
    }),
  }),
);
