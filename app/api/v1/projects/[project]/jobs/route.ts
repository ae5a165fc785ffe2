import { withProjectApi } from "@/server/http/with-api";
import { findJobs } from "@/server/jobs";
import { ZJobListQuerySchema } from "@/lib/api/jobs";

export const GET = withProjectApi({ scope: "jobs:read", query: ZJobListQuerySchema }, async ({ access, query }) =>
  findJobs({ access, query }),
);
