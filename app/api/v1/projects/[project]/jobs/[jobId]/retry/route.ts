import { withProjectApi } from "@/server/http/with-api";
import { retryJob } from "@/server/jobs";

export const POST = withProjectApi({ scope: "jobs:write" }, async ({ ctx, access, params }) =>
  retryJob({ ctx, access, jobId: params.jobId }),
);
