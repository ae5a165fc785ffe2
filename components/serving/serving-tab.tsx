"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Activity } from "lucide-react";
import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CardBody, Section } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { TServedVectors, TServingMetrics } from "@/lib/api/serving-observability";
import { ApiError } from "@/lib/client/api";
import { formatCount, formatPercent } from "@/lib/client/format-values";
import {
  fetchServedVectors,
  fetchServingMetrics,
  servingKeys,
  updateServedVectorLogging,
} from "@/lib/client/serving-observability";

// The Serving tab of a feature view (docs/serving-observability.md): what the feature server answered per minute —
// requests and vectors, latency p50/p99, errors, each group's MISSING rate — and the view's served-vector logging.

const WINDOWS = [
  { minutes: 60, label: "Last hour" },
  { minutes: 6 * 60, label: "Last 6 hours" },
  { minutes: 24 * 60, label: "Last 24 hours" },
  { minutes: 7 * 24 * 60, label: "Last 7 days" },
];
const REFRESH_MS = 15_000;
const GROUP_COLOURS = ["#dc2626", "#d97706", "#7c3aed", "#0891b2", "#db2777"];
const AXIS = { fontSize: 12, fill: "#475569" };

const timeLabel = (iso: string) => new Date(iso).toISOString().slice(11, 16);
const formatMs = (value: number | null) =>
  value === null ? "—" : `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;

const Chart = ({ label, children }: { label: string; children: React.ReactElement }) => (
  <figure aria-label={label} className="grid gap-1">
    <figcaption className="text-xs font-medium text-slate-700">{label}</figcaption>
    <div className="h-48 w-full">
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  </figure>
);

const Totals = ({ metrics }: { metrics: TServingMetrics }) => {
  const { totals } = metrics;
  const items = [
    ["Requests", formatCount(totals.requests)],
    ["Vectors", formatCount(totals.vectors)],
    ["p50", formatMs(totals.p50Ms)],
    ["p99", formatMs(totals.p99Ms)],
    ["Errors (5xx)", formatCount(totals.errors)],
    ["Refused (4xx)", formatCount(totals.clientErrors)],
  ];
  return (
    <dl className="grid grid-cols-3 gap-3 sm:grid-cols-6" aria-label="Serving totals">
      {items.map(([term, value]) => (
        <div key={term} className="rounded-md border border-slate-200 px-3 py-2">
          <dt className="text-xs text-slate-600">{term}</dt>
          <dd className="text-base font-semibold text-slate-900 tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
};

type TLine = { dataKey: string; name?: string; stroke: string };

/** A chart of values per minute: one line per series, the minute on the x axis. */
const MinuteChart = ({
  label,
  data,
  lines,
  yAxis = {},
  formatValue,
}: {
  label: string;
  data: Record<string, unknown>[];
  lines: TLine[];
  yAxis?: Pick<React.ComponentProps<typeof YAxis>, "allowDecimals" | "domain" | "tickFormatter">;
  formatValue?: (value: unknown) => string;
}) => (
  <Chart label={label}>
    <LineChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
      <XAxis dataKey="label" tick={AXIS} tickLine={false} />
      <YAxis tick={AXIS} width={48} {...yAxis} />
      <Tooltip formatter={formatValue ? (value) => formatValue(value) : undefined} />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      {lines.map((line) => (
        <Line key={line.dataKey} {...line} dot={false} isAnimationActive={false} />
      ))}
    </LineChart>
  </Chart>
);

const MetricCharts = ({ metrics }: { metrics: TServingMetrics }) => {
  const points = metrics.minutes.map((minute) => ({ ...minute, label: timeLabel(minute.minute) }));
  const groupNames = metrics.groups.map((group) => `${group.name} v${group.version}`);
  const missing = metrics.minutes.map((minute, index) => ({
    label: timeLabel(minute.minute),
    ...Object.fromEntries(metrics.groups.map((group, g) => [groupNames[g], group.points[index]?.missingRate ?? null])),
  }));
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <MinuteChart
        label="Requests and vectors per minute"
        data={points}
        yAxis={{ allowDecimals: false }}
        lines={[
          { dataKey: "requests", name: "Requests", stroke: "#2563eb" },
          { dataKey: "vectors", name: "Vectors", stroke: "#059669" },
        ]}
      />
      <MinuteChart
        label="Latency per minute (ms)"
        data={points}
        formatValue={(value) => formatMs(typeof value === "number" ? value : null)}
        lines={[
          { dataKey: "p50Ms", name: "p50", stroke: "#2563eb" },
          { dataKey: "p99Ms", name: "p99", stroke: "#9333ea" },
        ]}
      />
      <MinuteChart
        label="Errors per minute"
        data={points}
        yAxis={{ allowDecimals: false }}
        lines={[
          { dataKey: "errors", name: "Errors (5xx)", stroke: "#dc2626" },
          { dataKey: "clientErrors", name: "Refused (4xx)", stroke: "#d97706" },
        ]}
      />
      <MinuteChart
        label="Missing rate per feature group"
        data={missing}
        yAxis={{ domain: [0, 1], tickFormatter: (value: number) => formatPercent(value) }}
        formatValue={(value) => (typeof value === "number" ? formatPercent(value) : "—")}
        lines={groupNames.map((name, index) => ({
          dataKey: name,
          stroke: GROUP_COLOURS[index % GROUP_COLOURS.length],
        }))}
      />
    </div>
  );
};

const LoggingForm = ({
  project,
  name,
  version,
  rate,
}: {
  project: string;
  name: string;
  version: number;
  rate: number;
}) => {
  const queryClient = useQueryClient();
  const [percent, setPercent] = useState(String(Math.round(rate * 10_000) / 100));
  const save = useMutation({
    mutationFn: () => updateServedVectorLogging({ project, name, version, rate: Number(percent) / 100 }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: servingKeys.servedVectors(project, name, version) }),
  });
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <label className="grid gap-1 text-sm">
        <span className="font-medium text-slate-800">Log this share of served vectors (%)</span>
        <Input
          type="number"
          step="any"
          className="w-32"
          value={percent}
          onValueChange={setPercent}
          aria-invalid={error ? true : undefined}
        />
      </label>
      <Button type="submit" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save"}
      </Button>
      {save.isSuccess && (
        <span className="text-sm text-emerald-700">Saved: the feature server applies it within seconds.</span>
      )}
      {error && (
        <Alert tone="danger" className="w-full">
          {error.errors[0] ? `${error.errors[0].path}: ${error.errors[0].message}` : error.message}
        </Alert>
      )}
    </form>
  );
};

const ServedVectorsSection = ({
  project,
  name,
  version,
  canWrite,
}: {
  project: string;
  name: string;
  version: number;
  canWrite: boolean;
}) => {
  const query = useQuery({
    queryKey: servingKeys.servedVectors(project, name, version),
    queryFn: () => fetchServedVectors({ project, name, version }),
    refetchInterval: REFRESH_MS,
  });
  const data: TServedVectors | undefined = query.data;
  return (
    <Section
      id="serving-logging"
      title="Served-vector logging"
      description="A sample of the vectors the feature server returns, written in batches by a job into this view's own offline table (never on the request path)."
    >
      <CardBody className="grid gap-4">
        {!data ? (
          <Skeleton className="h-16" />
        ) : (
          <>
            <p className="text-sm text-slate-700">
              {data.rate > 0 ? `Logging ${formatPercent(data.rate)} of served vectors` : "Logging is off"} ·{" "}
              {formatCount(data.loggedRows)} logged · {formatCount(data.pendingRows)} waiting for the job
            </p>
            {canWrite && (
              <LoggingForm key={data.rate} project={project} name={name} version={version} rate={data.rate} />
            )}
            {data.rows === null ? (
              <p className="text-sm text-slate-600">Values are hidden: your role may not read feature values.</p>
            ) : data.rows.length > 0 ? (
              <div
                className="overflow-x-auto"
                tabIndex={0}
                role="region"
                aria-label="Logged vectors (scrolls sideways)"
              >
                <table className="w-full text-left text-xs" aria-label="Most recent logged vectors">
                  <thead>
                    <tr className="border-b border-slate-200 text-slate-600">
                      {data.columns.map((column) => (
                        <th key={column.name} scope="col" className="px-2 py-1 font-medium">
                          {column.name}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.rows.map((row, index) => (
                      <tr key={index} className="border-b border-slate-100">
                        {data.columns.map((column) => (
                          <td key={column.name} className="px-2 py-1 font-mono whitespace-nowrap text-slate-800">
                            {row[column.name] === null || row[column.name] === undefined
                              ? "null"
                              : String(row[column.name])}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </>
        )}
      </CardBody>
    </Section>
  );
};

export const ServingTab = ({
  project,
  name,
  version,
  canWrite,
}: {
  project: string;
  name: string;
  version: number;
  canWrite: boolean;
}) => {
  const [windowMinutes, setWindowMinutes] = useState(WINDOWS[0].minutes);
  const query = useQuery({
    queryKey: servingKeys.metrics(project, name, version, windowMinutes),
    queryFn: () => fetchServingMetrics({ project, name, version, windowMinutes }),
    refetchInterval: REFRESH_MS,
  });
  return (
    <div className="grid gap-6">
      <Section
        id="serving-metrics"
        title="Serving"
        description="What the feature server answered for this view, per minute (aggregated off the request path)."
        actions={
          <Select
            aria-label="Window"
            value={String(windowMinutes)}
            onValueChange={(value) => setWindowMinutes(Number(value))}
          >
            {WINDOWS.map((window) => (
              <option key={window.minutes} value={window.minutes}>
                {window.label}
              </option>
            ))}
          </Select>
        }
      >
        <CardBody className="grid gap-6">
          {query.error ? (
            <Alert tone="danger">{(query.error as Error).message}</Alert>
          ) : !query.data ? (
            <Skeleton className="h-48" />
          ) : query.data.minutes.length === 0 ? (
            <EmptyState
              icon={Activity}
              title="No requests in this window"
              description="Charts appear once the feature server answers requests for this view (npm run start:serving; docs/feature-server.md)."
            />
          ) : (
            <>
              <Totals metrics={query.data} />
              <MetricCharts metrics={query.data} />
            </>
          )}
        </CardBody>
      </Section>
      <ServedVectorsSection project={project} name={name} version={version} canWrite={canWrite} />
    </div>
  );
};
