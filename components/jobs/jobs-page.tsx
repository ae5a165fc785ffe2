"use client";

import { useRouter } from "next/navigation";
import { useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import type { TFilterChoice } from "@/components/ui/filter-bar";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { oneOf, useUrlFilters } from "@/components/ui/use-url-filters";
import { JOB_STATUSES, type TJobStatus } from "@/lib/api/jobs";
import { JOB_STATUS_LABELS } from "./job-status-badge";
import { JobsList } from "./jobs-list";
import { SchedulesSection } from "./schedules-section";

const JOB_TYPES = ["ingest", "compact", "vacuum"] as const;

type TJobsView = { view?: "schedules"; status?: TJobStatus; type?: string };

const STATUS_OPTIONS = [
  { value: "" as const, label: "All statuses" },
  ...JOB_STATUSES.map((status) => ({ value: status, label: JOB_STATUS_LABELS[status] })),
];
const TYPE_OPTIONS = [{ value: "", label: "All types" }, ...JOB_TYPES.map((type) => ({ value: type, label: type }))];

const CHOICES: TFilterChoice<Omit<TJobsView, "view">>[] = [
  { key: "status", label: "Status", options: STATUS_OPTIONS, className: "w-40" },
  { key: "type", label: "Type", options: TYPE_OPTIONS, className: "w-40" },
];

const viewFrom = (params: URLSearchParams): TJobsView => ({
  view: oneOf(params, "view", ["schedules"]),
  status: oneOf(params, "status", JOB_STATUSES),
  type: params.get("type") || undefined,
});

export const JobsPage = () => {
  const project = useCurrentProject();
  const router = useRouter();
  // Filters and the open tab live in the URL, so a view can be shared by link.
  const { filters: current, apply } = useUrlFilters({ parse: viewFrom });
  const { view, ...filters } = current;
  return (
    <>
      <PageHeader
        title="Jobs"
        description="Backend work in this project — ingestion, compaction, vacuum — with live progress, logs, retries and schedules."
      />
      <Tabs
        value={view ?? "executions"}
        onValueChange={(value) => apply(value === "schedules" ? { view: value } : filters)}
      >
        <TabsList>
          <TabsTrigger value="executions">Executions</TabsTrigger>
          <TabsTrigger value="schedules">Schedules</TabsTrigger>
        </TabsList>
        <TabsContent value="executions">
          <JobsList
            project={project.name}
            filters={filters}
            filterBar={{ choices: CHOICES, onChange: apply }}
            loadingRows={6}
            isCounted
            noMatch={
              Boolean(filters.status || filters.type) && {
                title: "No jobs match these filters",
                description: "Clear a filter to see more executions.",
                onClear: () => apply({}),
              }
            }
            empty={{
              title: "No jobs yet",
              description:
                "Jobs appear here when data is loaded into a feature group, rows are deleted, or a schedule fires. Load a file into a feature group to start one.",
              action: (
                <Button
                  variant="secondary"
                  onClick={() => router.push(`/projects/${encodeURIComponent(project.name)}/feature-groups`)}
                >
                  Open feature groups
                </Button>
              ),
            }}
          />
        </TabsContent>
        <TabsContent value="schedules">
          <SchedulesSection />
        </TabsContent>
      </Tabs>
    </>
  );
};
