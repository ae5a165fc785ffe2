import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createMonitor, findMonitors } from "@/server/monitoring";

export const GET = route(OPERATIONS.listMonitors, async ({ access, query }) => findMonitors({ access, ...query }));

export const POST = route(OPERATIONS.createMonitor, async ({ ctx, access, body }) =>
  createMonitor({ ctx, access, input: body }),
);
