import { withProjectApi } from "@/server/http/with-api";
import { revokeApiKey } from "@/server/auth/api-keys";

export const DELETE = withProjectApi({ scope: "project:read" }, async ({ ctx, access, params }) =>
  revokeApiKey({ ctx, access, apiKeyId: params.keyId }),
);
