import { withProjectApi } from "@/server/http/with-api";
import { findJobLogs } from "@/server/jobs";
import { ZJobLogQuerySchema } from "@/lib/api/jobs";

export const GET = withProjectApi(
  { scope: "jobs:read", query: ZJobLogQuerySchema },
  async ({ access, params, query }) => findJobLogs({ access, jobId: params.jobId, query }),
);
