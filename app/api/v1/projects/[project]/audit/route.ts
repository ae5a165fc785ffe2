import { withProjectApi } from "@/server/http/with-api";
import { findAuditEvents, ZAuditQuerySchema } from "@/server/audit/query";

export const GET = withProjectApi({ scope: "audit:read", query: ZAuditQuerySchema }, async ({ access, query }) =>
  findAuditEvents({ access, query }),
);
