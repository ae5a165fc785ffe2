import "server-only";

// Drift and freshness monitoring, alerts and webhooks (docs/monitoring.md): what routes and the demo may use.
// The jobs' runners (monitoring-jobs.ts) reach the worker through server/jobs/worker-runners.ts.
export { createMonitor, deleteMonitor, findMonitors, getMonitor, runMonitorNow, updateMonitor } from "./monitors";
export { findMonitorRuns } from "./runs";
export { acknowledgeAlert, findAlerts, postAlert } from "./alerts";
export { createWebhook, deleteWebhook, findWebhooks } from "./webhooks";
export { findFreshness, getFreshness, setFreshnessSla } from "./freshness";
// For backtests (server/backtests): a window's columns read in one pass, and one column's drift between two windows.
export { readWindowColumns, type TFeatureSpec } from "./window-read";
export { compareColumn } from "./compare-windows";
export { featureKindOf } from "./monitor-spec";
