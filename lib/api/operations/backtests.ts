import { defineOperation, idParam, projectParams } from "../operation";
import { ZEnqueuedJobSchema } from "../jobs";
import { ZBacktestListSchema, ZBacktestQuerySchema, ZBacktestSchema, ZCreateBacktestSchema } from "../backtests";

// Backtests of a new version against the one it replaces (docs/backtesting.md). Values in a report — metric
// values, histograms, value-revealing statistics, failing rows, key samples — are hidden without featureData:read
// (lib/backtest-values.ts).

const P = "/api/v1/projects/{project}";
const TAG = "Backtests";

export const BACKTEST_OPERATIONS = {
  listBacktests: defineOperation({
    id: "listBacktests",
    method: "get",
    path: `${P}/backtests`,
    summary: "Backtest reports, newest first, optionally of one feature group or feature view (and version)",
    tag: TAG,
    scope: "project:read",
    params: projectParams,
    query: ZBacktestQuerySchema,
    response: ZBacktestListSchema,
    successStatus: 200,
  }),
  createBacktest: defineOperation({
    id: "createBacktest",
    method: "post",
    path: `${P}/backtests`,
    summary: "Backtest a new version against the one it replaces over a time range or a spine (queues the job)",
    tag: TAG,
    scope: "jobs:write",
    params: projectParams,
    body: ZCreateBacktestSchema,
    response: ZEnqueuedJobSchema,
    successStatus: 202,
  }),
  getBacktest: defineOperation({
    id: "getBacktest",
    method: "get",
    path: `${P}/backtests/{backtestId}`,
    summary: "A backtest's report: rows, keys, timings, statistics, suite results and drift of both versions",
    tag: TAG,
    scope: "project:read",
    params: projectParams.extend({ backtestId: idParam("bt", "Backtest") }),
    response: ZBacktestSchema,
    successStatus: 200,
  }),
};
