import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { downloadErasureReport } from "@/server/erasure";

export const GET = route(OPERATIONS.downloadErasureReport, async ({ access, params }) =>
  downloadErasureReport({ access, requestId: params.requestId }),
);
