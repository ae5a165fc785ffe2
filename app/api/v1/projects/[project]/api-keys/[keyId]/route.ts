import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { revokeApiKey } from "@/server/auth/api-keys";

export const DELETE = route(OPERATIONS.revokeApiKey, async ({ ctx, access, params }) =>
  revokeApiKey({ ctx, access, apiKeyId: params.keyId }),
);
