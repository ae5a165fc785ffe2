"use client";

import { useQuery } from "@tanstack/react-query";
import { BarChart3 } from "lucide-react";
import { useState } from "react";
import { AdminActions } from "@/components/admin/admin-actions";
import { PageHeader } from "@/components/shell/page-header";
import { CardBody, Section } from "@/components/ui/card";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { JOB_SECONDS_PREFIX, type TAdminUsageReport } from "@/lib/api/usage";
import { adminUsagePath, fetchAdminUsage, usageKeys } from "@/lib/client/usage";
import { byDay, CsvLink, formatValue, rangeOf, RangePicker, StackedDayChart } from "./usage-charts";

// The administrators' usage across projects (docs/usage.md): every project's storage, job compute and serving per
// day, stacked by project, and a table of each project's totals over the range.

type TProjectTotals = TAdminUsageReport["projects"][number];
const jobSeconds = (totals: Record<string, number>) =>
  Object.entries(totals)
    .filter(([metric]) => metric.startsWith(JOB_SECONDS_PREFIX))
    .reduce((sum, [, value]) => sum + value, 0);
const figure = (metric: string, header: string, unit: "bytes" | "count"): ColumnDef<TProjectTotals, unknown> => ({
  id: metric,
  accessorFn: (entry) => entry.totals[metric] ?? 0,
  header,
  cell: ({ row }) => <span className="tabular-nums">{formatValue(row.original.totals[metric] ?? 0, unit)}</span>,
});
const COLUMNS: ColumnDef<TProjectTotals, unknown>[] = [
  {
    accessorKey: "project",
    header: "Project",
    cell: ({ row }) => <span className="font-medium text-slate-900">{row.original.project}</span>,
  },
  figure("storage.liveBytes", "Live storage", "bytes"),
  figure("storage.historyBytes", "History", "bytes"),
  figure("online.bytes", "Online bytes", "bytes"),
  {
    id: "jobs",
    accessorFn: (entry) => jobSeconds(entry.totals),
    header: "Job compute",
    cell: ({ row }) => <span className="tabular-nums">{formatValue(jobSeconds(row.original.totals), "seconds")}</span>,
  },
  figure("serving.requests", "Requests", "count"),
  figure("training.datasets", "Training datasets", "count"),
  figure("shares.out", "Shares made", "count"),
];

const AdminReport = ({ report }: { report: TAdminUsageReport }) => {
  const projects = report.projects.map((entry) => entry.project);
  const perProject = (test: (metric: string) => boolean) =>
    byDay(
      report.rows.filter((row) => test(row.metric)).map((row) => ({ ...row, metric: row.project })),
      (metric) => metric,
      report.from,
      report.to,
    );
  const series = projects.map((project) => ({ key: project, name: project }));
  return (
    <div className="grid grid-cols-1 gap-6">
      <Section id="admin-usage-charts" title="Per day, by project">
        <CardBody className="grid gap-6 lg:grid-cols-3">
          <StackedDayChart
            label="Live offline storage"
            unit="bytes"
            data={perProject((m) => m === "storage.liveBytes")}
            series={series}
          />
          <StackedDayChart
            label="Job compute"
            unit="seconds"
            data={perProject((m) => m.startsWith(JOB_SECONDS_PREFIX))}
            series={series}
          />
          <StackedDayChart
            label="Feature server requests"
            unit="count"
            data={perProject((m) => m === "serving.requests")}
            series={series}
          />
        </CardBody>
      </Section>
      <Section id="admin-usage-projects" title="Per project">
        <DataTable columns={COLUMNS} data={report.projects} caption="Usage per project" filterLabel="Filter projects" />
      </Section>
    </div>
  );
};

export const AdminUsage = () => {
  const [days, setDays] = useState(30);
  const { from, to } = rangeOf(days);
  const query = useQuery({ queryKey: usageKeys.admin(from, to), queryFn: () => fetchAdminUsage(from, to) });
  return (
    <>
      <PageHeader
        title="Usage across projects"
        description="Every project's usage per day, for cost allocation. Storage figures are as measured on the day; the others are the range's totals."
        actions={
          <AdminActions current="/admin/usage">
            <RangePicker days={days} onChange={setDays} />
            <CsvLink href={adminUsagePath(from, to, "csv")} />
          </AdminActions>
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
          description="The usage job runs every night for every project."
        />
      ) : (
        <AdminReport report={query.data} />
      )}
    </>
  );
};
