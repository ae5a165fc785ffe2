import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { cancelJob } from "@/server/jobs";

export const POST = route(OPERATIONS.cancelJob, async ({ ctx, access, params }) =>
  cancelJob({ ctx, access, jobId: params.jobId }),
);
