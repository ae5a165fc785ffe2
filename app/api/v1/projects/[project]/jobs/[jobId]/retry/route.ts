import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { retryJob } from "@/server/jobs";

export const POST = route(OPERATIONS.retryJob, async ({ ctx, access, params }) =>
  retryJob({ ctx, access, jobId: params.jobId }),
);
