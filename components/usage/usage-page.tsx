"use client";

import { useQuery } from "@tanstack/react-query";
import { BarChart3 } from "lucide-react";
import { useState } from "react";
import { useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { CardBody, Section } from "@/components/ui/card";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { Skeleton } from "@/components/ui/skeleton";
import { JOB_SECONDS_PREFIX, type TUsageReport } from "@/lib/api/usage";
import { fetchProjectUsage, projectUsagePath, usageKeys } from "@/lib/client/usage";
import { byDay, CsvLink, Figures, formatValue, rangeOf, RangePicker, StackedDayChart } from "./usage-charts";

// The project's Usage page (Owners, usage:read; docs/usage.md): storage, job compute and serving per day as stacked
// bars, a table per feature group and view, who shares what with whom, and the CSV of the same range.

type TSubject = {
  id: string;
  kind: string;
  name: string;
  liveBytes: number;
  historyBytes: number;
  onlineKeys: number;
  onlineBytes: number;
  jobSeconds: number;
  requests: number;
  vectors: number;
  datasets: number;
};

const GAUGES: Record<string, keyof TSubject> = {
  "storage.liveBytes": "liveBytes",
  "storage.historyBytes": "historyBytes",
  "online.keys": "onlineKeys",
  "online.bytes": "onlineBytes",
};
const FLOWS: Record<string, keyof TSubject> = {
  "serving.requests": "requests",
  "serving.vectors": "vectors",
  "training.datasets": "datasets",
};

/** Per subject: gauges at their latest day, flows summed over the range. */
const subjects = (report: TUsageReport): TSubject[] => {
  const bySubject = new Map<string, TSubject & { gaugeDay: Record<string, string> }>();
  for (const row of report.rows) {
    if (row.subjectKind === "project") continue;
    const subject = bySubject.get(row.subjectId) ?? {
      id: row.subjectId,
      kind: row.subjectKind === "featureGroup" ? "Feature group" : "Feature view",
      name: row.subjectName,
      liveBytes: 0,
      historyBytes: 0,
      onlineKeys: 0,
      onlineBytes: 0,
      jobSeconds: 0,
      requests: 0,
      vectors: 0,
      datasets: 0,
      gaugeDay: {},
    };
    const gauge = GAUGES[row.metric];
    const flow = FLOWS[row.metric];
    if (gauge && (subject.gaugeDay[row.metric] ?? "") <= row.day) {
      subject.gaugeDay[row.metric] = row.day;
      (subject[gauge] as number) = row.value;
    } else if (flow) (subject[flow] as number) += row.value;
    else if (row.metric.startsWith(JOB_SECONDS_PREFIX)) subject.jobSeconds += row.value;
    bySubject.set(row.subjectId, subject);
  }
  return [...bySubject.values()];
};

const number = (
  key: keyof TSubject,
  header: string,
  unit: "bytes" | "seconds" | "count",
): ColumnDef<TSubject, unknown> => ({
  accessorKey: key,
  header,
  cell: ({ row }) => <span className="tabular-nums">{formatValue(row.original[key] as number, unit)}</span>,
});
const SUBJECT_COLUMNS: ColumnDef<TSubject, unknown>[] = [
  {
    accessorKey: "name",
    header: "Name",
    cell: ({ row }) => <span className="font-medium text-slate-900">{row.original.name}</span>,
  },
  { accessorKey: "kind", header: "Kind" },
  number("liveBytes", "Live storage", "bytes"),
  number("historyBytes", "History", "bytes"),
  number("onlineKeys", "Online keys", "count"),
  number("onlineBytes", "Online bytes", "bytes"),
  number("jobSeconds", "Job compute", "seconds"),
  number("requests", "Requests", "count"),
  number("vectors", "Vectors", "count"),
  number("datasets", "Training datasets", "count"),
];

type TShareRow = TUsageReport["shares"][number];
const SHARE_COLUMNS: ColumnDef<TShareRow, unknown>[] = [
  {
    id: "direction",
    accessorFn: (share) => (share.direction === "out" ? "Shared with" : "Shared by"),
    header: "Direction",
  },
  { accessorKey: "otherProject", header: "Project" },
  {
    id: "items",
    accessorFn: (share) =>
      share.scope === "ALL" ? "The whole feature store" : share.items.map((item) => item.name).join(", "),
    header: "What",
    enableSorting: false,
  },
  { accessorKey: "level", header: "Level", cell: ({ row }) => (row.original.level === "READ" ? "Read" : "Read-write") },
  { accessorKey: "status", header: "Status", cell: ({ row }) => row.original.status.toLowerCase() },
];

const latest = (rows: TUsageReport["rows"], metric: string) =>
  rows.filter((row) => row.subjectKind === "project" && row.metric === metric).at(-1)?.value ?? 0;
const total = (rows: TUsageReport["rows"], test: (metric: string) => boolean) =>
  rows.filter((row) => row.subjectKind === "project" && test(row.metric)).reduce((sum, row) => sum + row.value, 0);

const UsageReport = ({ report }: { report: TUsageReport }) => {
  const projectRows = report.rows.filter((row) => row.subjectKind === "project");
  const jobTypes = [
    ...new Set(projectRows.filter((row) => row.metric.startsWith(JOB_SECONDS_PREFIX)).map((row) => row.metric)),
  ];
  const chart = (keys: string[]) =>
    byDay(projectRows, (metric) => (keys.includes(metric) ? metric : null), report.from, report.to);
  return (
    <div className="grid grid-cols-1 gap-6">
      <Figures
        items={[
          ["Live storage", formatValue(latest(report.rows, "storage.liveBytes"), "bytes")],
          ["Time-travel history", formatValue(latest(report.rows, "storage.historyBytes"), "bytes")],
          ["Online keys", formatValue(latest(report.rows, "online.keys"), "count")],
          [
            "Job compute",
            formatValue(
              total(report.rows, (metric) => metric.startsWith(JOB_SECONDS_PREFIX)),
              "seconds",
            ),
          ],
          [
            "Requests served",
            formatValue(
              total(report.rows, (metric) => metric === "serving.requests"),
              "count",
            ),
          ],
          [
            "Vectors served",
            formatValue(
              total(report.rows, (metric) => metric === "serving.vectors"),
              "count",
            ),
          ],
          [
            "Training datasets",
            formatValue(
              total(report.rows, (metric) => metric === "training.datasets"),
              "count",
            ),
          ],
          [
            "Shares in force",
            formatValue(latest(report.rows, "shares.out") + latest(report.rows, "shares.in"), "count"),
          ],
        ]}
      />
      <Section id="usage-charts" title="Per day">
        <CardBody className="grid gap-6 lg:grid-cols-3">
          <StackedDayChart
            label="Offline storage (as measured that day)"
            unit="bytes"
            data={chart(["storage.liveBytes", "storage.historyBytes"])}
            series={[
              { key: "storage.liveBytes", name: "Live" },
              { key: "storage.historyBytes", name: "History" },
            ]}
          />
          <StackedDayChart
            label="Job compute by type"
            unit="seconds"
            data={chart(jobTypes)}
            series={jobTypes.map((metric) => ({ key: metric, name: metric.slice(JOB_SECONDS_PREFIX.length) }))}
          />
          <StackedDayChart
            label="Feature server requests"
            unit="count"
            data={chart(["serving.requests"])}
            series={[{ key: "serving.requests", name: "Requests" }]}
          />
        </CardBody>
      </Section>
      <Section id="usage-subjects" title="Per feature group and view">
        <ScrollRegion label="Usage per feature group and view">
          <DataTable
            columns={SUBJECT_COLUMNS}
            data={subjects(report)}
            caption="Usage per feature group and view"
            filterLabel="Filter"
          />
        </ScrollRegion>
      </Section>
      <Section id="usage-shares" title="Who shares what with whom">
        {report.shares.length ? (
          <DataTable columns={SHARE_COLUMNS} data={report.shares} caption="Shares made and received" />
        ) : (
          <CardBody className="text-sm text-slate-600">This project neither shares nor receives anything.</CardBody>
        )}
      </Section>
    </div>
  );
};

export const UsagePage = () => {
  const project = useCurrentProject();
  const [days, setDays] = useState(30);
  const { from, to } = rangeOf(days);
  const query = useQuery({
    queryKey: usageKeys.project(project.name, from, to),
    queryFn: () => fetchProjectUsage(project.name, from, to),
  });
  return (
    <>
      <PageHeader
        title="Usage"
        description="What this project costs, per day: storage, the online store, job compute, training datasets, serving and sharing. Computed daily by the usage job."
        actions={
          <>
            <RangePicker days={days} onChange={setDays} />
            <CsvLink href={projectUsagePath(project.name, from, to, "csv")} />
          </>
        }
      />
      {query.isError ? (
        <ErrorState error={query.error} />
      ) : !query.data ? (
        <Skeleton className="h-64 w-full" />
      ) : query.data.rows.length === 0 ? (
        <EmptyState
          icon={BarChart3}
          title="No usage computed yet"
          description="The usage job runs every night; an Owner can also start it from Jobs (type usage)."
        />
      ) : (
        <UsageReport report={query.data} />
      )}
    </>
  );
};
