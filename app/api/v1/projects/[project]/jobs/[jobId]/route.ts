import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { findJob } from "@/server/jobs";

export const GET = route(OPERATIONS.getJob, async ({ access, params }) => findJob({ access, jobId: params.jobId }));
