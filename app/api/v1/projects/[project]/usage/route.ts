import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { readProjectUsage } from "@/server/usage";

export const GET = route(OPERATIONS.getProjectUsage, async ({ access, query }) => readProjectUsage({ access, query }));
