import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { runMonitorNow } from "@/server/monitoring";

export const POST = route(OPERATIONS.runMonitor, async ({ ctx, access, params }) => ({
  job: await runMonitorNow({ ctx, access, name: params.monitor }),
}));
