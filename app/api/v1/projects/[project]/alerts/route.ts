import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { findAlerts } from "@/server/monitoring";

export const GET = route(OPERATIONS.listAlerts, async ({ access, query }) => findAlerts({ access, ...query }));
