import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { findJobLogs } from "@/server/jobs";

export const GET = route(OPERATIONS.listJobLogs, async ({ access, params, query }) =>
  findJobLogs({ access, jobId: params.jobId, query }),
);
