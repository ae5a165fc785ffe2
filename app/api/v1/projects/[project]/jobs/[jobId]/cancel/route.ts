import { withProjectApi } from "@/server/http/with-api";
import { cancelJob } from "@/server/jobs";

export const POST = withProjectApi({ scope: "jobs:write" }, async ({ ctx, access, params }) =>
  cancelJob({ ctx, access, jobId: params.jobId }),
);
