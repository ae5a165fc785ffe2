import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { readAdminUsage } from "@/server/usage";

export const GET = route(OPERATIONS.getAdminUsage, async ({ query }) => readAdminUsage({ query }));
