import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { listReports } from "@/server/validation";

export const GET = route(OPERATIONS.listValidationReports, async ({ access, params, query }) => ({
  reports: await listReports({ access, name: params.name, version: params.version, query }),
}));
