import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { findMonitorRuns } from "@/server/monitoring";

export const GET = route(OPERATIONS.listMonitorRuns, async ({ access, params }) =>
  findMonitorRuns({ access, name: params.monitor }),
);
