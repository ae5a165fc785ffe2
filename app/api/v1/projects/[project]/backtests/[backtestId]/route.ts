import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getBacktest } from "@/server/backtests";

export const GET = route(OPERATIONS.getBacktest, async ({ access, params }) =>
  getBacktest({ access, backtestId: params.backtestId }),
);
