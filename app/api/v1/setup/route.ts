import { OPERATIONS } from "@/lib/api/operations";
import { publicRoute } from "@/server/http/route";
import { createFirstAdmin } from "@/server/registry/users";

// Public on purpose, and only useful once: it refuses as soon as any user exists.
export const POST = publicRoute(OPERATIONS.setup, async ({ body }) => createFirstAdmin(body));
