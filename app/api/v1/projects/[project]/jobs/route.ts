import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { findJobs } from "@/server/jobs";

export const GET = route(OPERATIONS.listJobs, async ({ access, query }) => findJobs({ access, query }));
