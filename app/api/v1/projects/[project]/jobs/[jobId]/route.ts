import { withProjectApi } from "@/server/http/with-api";
import { findJob } from "@/server/jobs";

export const GET = withProjectApi({ scope: "jobs:read" }, async ({ access, params }) =>
  findJob({ access, jobId: params.jobId }),
);
