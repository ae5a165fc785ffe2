import { HIDDEN_VALUE } from "./feature-values";
import { hasScope } from "./scopes";
import type { TMonitor, TMonitorRun } from "./api/monitoring";

// Monitoring shows feature values where it shows metric values, histograms (counts over value edges, top values)
// and fixed reference values (docs/monitoring.md, docs/security.md, like lib/statistics-values.ts): without
// `featureData:read` a reader sees the windows, row counts, thresholds and whether each was crossed, and every
// value reads HIDDEN_VALUE. Every route that returns monitors or runs passes them through these functions.

const canReadValues = (scopes: readonly string[]) => hasScope({ scopes, required: "featureData:read" });

export const showMonitor = (monitor: TMonitor, scopes: readonly string[]): TMonitor =>
  canReadValues(scopes) || monitor.reference.kind !== "fixedValues"
    ? monitor
    : { ...monitor, reference: { kind: "fixedValues", values: HIDDEN_VALUE } };

export const showMonitorRun = (run: TMonitorRun, scopes: readonly string[]): TMonitorRun =>
  canReadValues(scopes)
    ? run
    : {
        ...run,
        features: run.features.map((feature) => ({
          ...feature,
          metrics: feature.metrics.map((metric) => ({ ...metric, value: HIDDEN_VALUE })),
          histogram: feature.histogram === null ? null : HIDDEN_VALUE,
        })),
      };
