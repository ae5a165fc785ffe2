import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteMonitor, getMonitor, updateMonitor } from "@/server/monitoring";

export const GET = route(OPERATIONS.getMonitor, async ({ access, params }) =>
  getMonitor({ access, name: params.monitor }),
);

export const PATCH = route(OPERATIONS.updateMonitor, async ({ ctx, access, params, body }) =>
  updateMonitor({ ctx, access, name: params.monitor, input: body }),
);

export const DELETE = route(OPERATIONS.deleteMonitor, async ({ ctx, access, params }) => {
  await deleteMonitor({ ctx, access, name: params.monitor });
});
