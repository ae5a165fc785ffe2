import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { findAuditEvents } from "@/server/audit/query";

export const GET = route(OPERATIONS.listAuditEvents, async ({ access, query }) => findAuditEvents({ access, query }));
