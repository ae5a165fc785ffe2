"use client";

import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Activity, Play } from "lucide-react";
import { useCan } from "@/components/projects/project-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CardBody, Section } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { METRIC_LABELS, type TMonitor } from "@/lib/api/monitoring";
import { TERMINAL_JOB_STATUSES } from "@/lib/api/jobs";
import { fetchJob } from "@/lib/client/feature-store";
import {
  fetchMonitorRuns,
  fetchMonitors,
  monitoringKeys,
  runMonitor,
  subjectOf,
  type TMonitorTarget,
} from "@/lib/client/monitoring";
import { AlertList } from "./alert-list";
import { MetricChart } from "./metric-chart";
import { MonitorDialog, type TMonitorableFeature } from "./monitor-dialog";
import { metricSeries } from "./monitoring-series";
import { RunDetails } from "./run-details";

const POLL_MS = 1000;

/** The Monitoring tab of a feature group or view: its monitors, a metric over time, a run's histograms, alerts. */
export const MonitoringTab = ({
  project,
  target,
  features,
  children,
}: {
  project: string;
  target: TMonitorTarget;
  features: TMonitorableFeature[];
  /** Above the monitors (a group's freshness). */
  children?: React.ReactNode;
}) => {
  const canWrite = useCan("jobs:write");
  const [chosen, setChosen] = useState<string | null>(null);
  const monitors = useQuery({
    queryKey: monitoringKeys.monitors(project, target),
    queryFn: () => fetchMonitors(project, target),
  });
  const list = monitors.data?.monitors ?? [];
  const monitor = list.find((candidate) => candidate.name === chosen) ?? list[0];
  return (
    <div className="grid gap-6">
      {children}
      <Section
        id="monitors"
        title="Drift monitors"
        description="Each run compares a detection window with a reference; a metric above its threshold raises an alert."
        actions={
          <>
            {list.length > 1 && (
              <Select aria-label="Monitor" className="h-8 w-auto" value={monitor?.name ?? ""} onValueChange={setChosen}>
                {list.map((candidate) => (
                  <option key={candidate.id} value={candidate.name}>
                    {candidate.name}
                  </option>
                ))}
              </Select>
            )}
            {canWrite && monitor && (
              <MonitorDialog key={monitor.id} project={project} target={target} features={features} monitor={monitor} />
            )}
            {canWrite && <MonitorDialog project={project} target={target} features={features} onSaved={setChosen} />}
          </>
        }
      >
        {monitors.isPending ? (
          <TableSkeleton label="Loading monitors" />
        ) : monitors.isError ? (
          <ErrorState error={monitors.error} onRetry={() => monitors.refetch()} title="Could not load monitors" />
        ) : !monitor ? (
          <EmptyState
            icon={Activity}
            title="No monitors yet"
            description="A monitor watches features for drift against a reference window, a training dataset or fixed values."
          />
        ) : (
          <MonitorRuns key={monitor.id} project={project} monitor={monitor} canRun={canWrite} />
        )}
      </Section>
      <Section id="monitoring-alerts" title="Alerts" description={`Alerts about ${target.name} v${target.version}.`}>
        <AlertList project={project} subject={subjectOf(target)} emptyText="No threshold has been crossed here." />
      </Section>
    </div>
  );
};

const MonitorRuns = ({ project, monitor, canRun }: { project: string; monitor: TMonitor; canRun: boolean }) => {
  const queryClient = useQueryClient();
  const [selectedRun, setSelectedRun] = useState<string | null>(null);
  const pairs = monitor.features.flatMap((feature) =>
    feature.metrics.map((metric) => ({ feature: feature.name, ...metric })),
  );
  const [pairIndex, setPairIndex] = useState(0);
  const runs = useQuery({
    queryKey: monitoringKeys.runs(project, monitor.name),
    queryFn: () => fetchMonitorRuns(project, monitor.name),
  });
  // "Run now" follows its job to the end, however long the queue makes it wait, then reloads the runs, the alerts
  // (the run may have raised one) and the monitor's last run.
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useQuery({
    queryKey: ["projects", project, "jobs", jobId],
    queryFn: () => fetchJob({ project, jobId: jobId! }),
    enabled: jobId !== null,
    refetchInterval: (query) =>
      query.state.data && TERMINAL_JOB_STATUSES.includes(query.state.data.status) ? false : POLL_MS,
  });
  const ended = job.data && TERMINAL_JOB_STATUSES.includes(job.data.status) ? job.data : null;
  useEffect(() => {
    if (!ended) return;
    void Promise.all([
      queryClient.invalidateQueries({ queryKey: monitoringKeys.runs(project, monitor.name) }),
      queryClient.invalidateQueries({ queryKey: ["projects", project, "alerts"] }),
      queryClient.invalidateQueries({ queryKey: ["projects", project, "monitors"] }),
    ]);
  }, [ended, project, monitor.name, queryClient]);
  const run = useMutation({
    mutationFn: () => runMonitor(project, monitor.name),
    onSuccess: ({ job: queued }) => {
      setJobId(queued.id);
      setSelectedRun(null);
    },
  });
  const waiting = jobId !== null && !ended;
  const pair = pairs[pairIndex] ?? pairs[0]!;
  const all = runs.data?.runs ?? [];
  const shown = all.find((candidate) => candidate.id === selectedRun) ?? all[0];
  return (
    <CardBody className="grid gap-5">
      <div className="flex flex-wrap items-center gap-3 text-sm text-slate-700">
        <span>
          {monitor.detection.kind === "rolling"
            ? `Last ${monitor.detection.duration} of event time`
            : monitor.detection.kind === "servedVectors"
              ? `Vectors served in the last ${monitor.detection.duration}`
              : `Rows of the last ${monitor.detection.count} commit(s)`}{" "}
          vs{" "}
          {monitor.reference.kind === "previousWindow"
            ? "the previous window"
            : monitor.reference.kind === "fixedWindow"
              ? `${monitor.reference.start} – ${monitor.reference.end}`
              : monitor.reference.kind === "trainingDataset"
                ? `${monitor.reference.name} v${monitor.reference.version} (${monitor.reference.split})`
                : "fixed values"}
          {" · "}
          {monitor.cron ? (
            <>
              schedule <span className="font-mono">{monitor.cron}</span> (next <RelativeTime iso={monitor.nextRunAt} />)
            </>
          ) : (
            "no schedule"
          )}
        </span>
        {canRun && (
          <Button
            size="sm"
            variant="secondary"
            icon={Play}
            isLoading={run.isPending || waiting}
            onClick={() => run.mutate()}
          >
            Run now
          </Button>
        )}
      </div>
      {run.isError && <Alert tone="danger">{run.error.message}</Alert>}
      {ended && ended.status !== "SUCCEEDED" && (
        <Alert tone="danger" title={`The run ${ended.status === "FAILED" ? "failed" : "was cancelled"}`}>
          {ended.error ?? "No run was recorded."}
        </Alert>
      )}
      {runs.isPending ? (
        <TableSkeleton label="Loading runs" />
      ) : runs.isError ? (
        <ErrorState error={runs.error} onRetry={() => runs.refetch()} title="Could not load runs" />
      ) : all.length === 0 ? (
        <p className="text-sm text-slate-600">No runs yet: run it now, or wait for its schedule.</p>
      ) : (
        <>
          <div className="grid gap-2">
            <div className="flex items-center gap-2">
              <Select
                aria-label="Metric"
                className="h-8 w-auto"
                value={String(pairIndex)}
                onValueChange={(value) => setPairIndex(Number(value))}
              >
                {pairs.map((candidate, index) => (
                  <option key={`${candidate.feature}:${candidate.metric}`} value={index}>
                    {candidate.feature} · {METRIC_LABELS[candidate.metric]}
                  </option>
                ))}
              </Select>
            </div>
            <MetricChart
              title={`${pair.feature} · ${METRIC_LABELS[pair.metric]} over time`}
              points={metricSeries(all, pair.feature, pair.metric)}
              threshold={pair.threshold}
            />
          </div>
          <Table
            caption={`Runs of ${monitor.name}`}
            columns={["Run", "Detection rows", "Reference rows", "Crossed"]}
            numeric={["Detection rows", "Reference rows", "Crossed"]}
          >
            <TableBody>
              {all.slice(0, 10).map((candidate) => (
                <TableRow
                  key={candidate.id}
                  className={candidate.id === shown?.id ? "bg-brand-50" : "cursor-pointer hover:bg-slate-50"}
                  onClick={() => setSelectedRun(candidate.id)}
                >
                  <TableCell>
                    <button
                      type="button"
                      className="text-left text-brand-700 hover:underline"
                      onClick={() => setSelectedRun(candidate.id)}
                    >
                      <RelativeTime iso={candidate.computedAt} />
                    </button>
                  </TableCell>
                  <TableCell className="text-right">
                    {candidate.empty ? "0 (no rows)" : candidate.detection.rows.toLocaleString("en-US")}
                  </TableCell>
                  <TableCell className="text-right">{candidate.reference.rows.toLocaleString("en-US")}</TableCell>
                  <TableCell className={candidate.breaches ? "text-right font-medium text-red-700" : "text-right"}>
                    {candidate.breaches}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {shown && <RunDetails run={shown} />}
        </>
      )}
    </CardBody>
  );
};
