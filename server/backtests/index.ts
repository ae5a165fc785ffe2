import "server-only";

// Backtests of a new feature group or feature view version against the one it is to replace (docs/backtesting.md):
// what routes may use. The job's runner (backtest-job.ts) reaches the worker through server/jobs/worker-runners.ts;
// the demo seed runs run-backtest.ts directly, as it runs monitors.
export { createBacktest, findBacktests, getBacktest } from "./backtests";
