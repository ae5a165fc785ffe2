"use client";

import { HIDDEN_VALUE } from "@/lib/feature-values";
import { METRIC_LABELS, type TMonitorRun } from "@/lib/api/monitoring";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { HistogramChart } from "@/components/statistics/histogram-chart";
import { runHistogramPoints } from "./monitoring-series";

const formatValue = (value: number | null | typeof HIDDEN_VALUE) =>
  value === HIDDEN_VALUE ? "hidden" : value === null ? "not computable" : value.toPrecision(4);

/** A run: its windows, and per feature the metric values against thresholds and detection vs reference shares. */
export const RunDetails = ({ run }: { run: TMonitorRun }) => (
  <div className="grid gap-4" data-testid="run-details">
    <p className="text-sm text-slate-700">
      Detection: <span className="font-medium">{run.detection.label}</span> (
      {run.detection.rows.toLocaleString("en-US")} rows) · reference:{" "}
      <span className="font-medium">{run.reference.label}</span> ({run.reference.rows.toLocaleString("en-US")} rows)
    </p>
    {run.empty ? (
      <Alert tone="warning" title="Nothing to compare">
        {run.empty}
      </Alert>
    ) : (
      <div className="grid gap-4 md:grid-cols-2">
        {run.features.map((feature) => (
          <div key={feature.name} className="rounded-md border border-slate-200 p-3">
            <div className="mb-2 flex flex-wrap items-center gap-2">
              <span className="font-mono text-sm font-medium text-slate-900">{feature.name}</span>
              {feature.metrics.map((metric) => (
                <Badge key={metric.metric} tone={metric.breached ? "danger" : "success"}>
                  {METRIC_LABELS[metric.metric]} {formatValue(metric.value)} {metric.breached ? ">" : "≤"}{" "}
                  {metric.threshold}
                </Badge>
              ))}
            </div>
            {feature.histogram === HIDDEN_VALUE ? (
              <p className="text-sm text-slate-600">Histograms are feature values: hidden for your role.</p>
            ) : feature.histogram === null ? (
              <p className="text-sm text-slate-600">No values in one of the windows.</p>
            ) : (
              <HistogramChart
                feature={feature.name}
                points={runHistogramPoints(feature.histogram)}
                currentLabel="Detection"
                otherLabel="Reference"
              />
            )}
          </div>
        ))}
      </div>
    )}
  </div>
);
