"use client";

import { ListChecks, SearchX } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { JOB_STATUSES, type TJobStatus } from "@/lib/api/jobs";
import type { TJobFilters } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";
import { JOB_STATUS_LABELS } from "./job-status-badge";
import { JobsTable } from "./jobs-table";
import { SchedulesSection } from "./schedules-section";
import { useLiveJobs } from "./use-live-jobs";

export const JOB_TYPES = ["ingest", "compact", "vacuum"] as const;

const filtersFrom = (params: URLSearchParams): TJobFilters => {
  const status = params.get("status");
  const type = params.get("type");
  return {
    ...(status && (JOB_STATUSES as readonly string[]).includes(status) ? { status: status as TJobStatus } : {}),
    ...(type ? { type } : {}),
  };
};

export const JobsPage = () => {
  const project = useCurrentProject();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = filtersFrom(new URLSearchParams(searchParams.toString()));
  const view = searchParams.get("view") === "schedules" ? "schedules" : "executions";
  const { query, jobs } = useLiveJobs({ project: project.name, filters, enabled: view === "executions" });
  // Filters and the open tab live in the URL, so a view can be shared by link.
  const navigate = (next: TJobFilters & { view?: string }) => {
    const params = new URLSearchParams();
    if (next.view === "schedules") params.set("view", "schedules");
    if (next.status) params.set("status", next.status);
    if (next.type) params.set("type", next.type);
    const search = params.toString();
    router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
  };
  const isFiltered = Boolean(filters.status || filters.type);
  return (
    <>
      <PageHeader
        title="Jobs"
        description="Backend work in this project — ingestion, compaction, vacuum — with live progress, logs, retries and schedules."
      />
      <Tabs value={view} onValueChange={(value) => navigate(value === "schedules" ? { view: value } : filters)}>
        <TabsList>
          <TabsTrigger value="executions">Executions</TabsTrigger>
          <TabsTrigger value="schedules">Schedules</TabsTrigger>
        </TabsList>
        <TabsContent value="executions">
          <Card>
            <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2.5">
              <Select
                aria-label="Status"
                className="h-8 w-40"
                value={filters.status ?? ""}
                onChange={(event) =>
                  navigate({ ...filters, status: (event.target.value || undefined) as TJobStatus | undefined })
                }
              >
                <option value="">All statuses</option>
                {JOB_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {JOB_STATUS_LABELS[status]}
                  </option>
                ))}
              </Select>
              <Select
                aria-label="Type"
                className="h-8 w-40"
                value={filters.type ?? ""}
                onChange={(event) => navigate({ ...filters, type: event.target.value || undefined })}
              >
                <option value="">All types</option>
                {JOB_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </Select>
              {query.isFetching && !query.isPending && (
                <span className="ml-auto text-xs text-slate-500">Refreshing…</span>
              )}
            </div>
            {query.isPending && <TableSkeleton label="Loading jobs" columns={6} rows={6} />}
            {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
            {jobs?.length === 0 &&
              (isFiltered ? (
                <EmptyState
                  icon={SearchX}
                  title="No jobs match these filters"
                  description="Clear a filter to see more executions."
                  action={
                    <Button variant="secondary" onClick={() => navigate({})}>
                      Clear filters
                    </Button>
                  }
                />
              ) : (
                <EmptyState
                  icon={ListChecks}
                  title="No jobs yet"
                  description="Jobs appear here when data is loaded into a feature group, rows are deleted, or a schedule fires. Load a file into a feature group to start one."
                  action={
                    <Button
                      variant="secondary"
                      onClick={() => router.push(`/projects/${encodeURIComponent(project.name)}/feature-groups`)}
                    >
                      Open feature groups
                    </Button>
                  }
                />
              ))}
            {jobs && jobs.length > 0 && (
              <>
                <JobsTable project={project.name} jobs={jobs} />
                <div className="flex items-center justify-between border-t border-slate-200 px-4 py-3 text-sm text-slate-600">
                  <span aria-live="polite">Showing {pluralize(jobs.length, "job")}</span>
                  {query.hasNextPage && (
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() => query.fetchNextPage()}
                      isLoading={query.isFetchingNextPage}
                    >
                      Load older jobs
                    </Button>
                  )}
                </div>
              </>
            )}
          </Card>
        </TabsContent>
        <TabsContent value="schedules">
          <SchedulesSection />
        </TabsContent>
      </Tabs>
    </>
  );
};
