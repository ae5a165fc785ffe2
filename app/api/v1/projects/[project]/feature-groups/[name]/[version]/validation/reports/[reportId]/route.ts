import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getReport } from "@/server/validation";

export const GET = route(OPERATIONS.getValidationReport, async ({ access, params }) =>
  getReport({ access, name: params.name, version: params.version, reportId: params.reportId }),
);
