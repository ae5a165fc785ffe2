import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { queueUsageJobs } from "@/server/usage";

export const POST = route(OPERATIONS.runAdminUsage, async ({ ctx, body }) => queueUsageJobs({ ctx, input: body }));
