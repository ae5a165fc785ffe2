import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { acknowledgeAlert } from "@/server/monitoring";

export const PATCH = route(OPERATIONS.acknowledgeAlert, async ({ ctx, access, params, body }) =>
  acknowledgeAlert({ ctx, access, alertId: params.alertId, acknowledged: body.acknowledged }),
);
