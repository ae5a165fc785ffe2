import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createBacktest, findBacktests } from "@/server/backtests";

export const GET = route(OPERATIONS.listBacktests, async ({ access, query }) => findBacktests({ access, ...query }));

export const POST = route(OPERATIONS.createBacktest, async ({ ctx, access, body }) =>
  createBacktest({ ctx, access, input: body }),
);
