import "server-only";

// Drift and freshness monitoring, alerts and webhooks (docs/monitoring.md): what routes may use.
export * from "./metrics";
