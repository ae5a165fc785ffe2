"use client";

import { ListChecks } from "lucide-react";
import { JobsTable } from "@/components/jobs/jobs-table";
import { useLiveJobs } from "@/components/jobs/use-live-jobs";
import { ListCard, ListFooter } from "@/components/ui/list-page";

/** This group's jobs, with live progress while any is queued or running. */
export const GroupJobsTab = ({ project, featureGroupId }: { project: string; featureGroupId: string }) => {
  const { query, jobs } = useLiveJobs({ project, filters: { featureGroupId } });
  return (
    <ListCard
      query={query}
      items={jobs}
      loading={{ label: "Loading jobs", columns: 6 }}
      empty={{
        icon: ListChecks,
        title: "No jobs for this group yet",
        description:
          "Loading data, deleting rows, compaction and vacuum run as jobs; they appear here with live progress.",
      }}
    >
      {(shown) => (
        <>
          <JobsTable project={project} jobs={shown} showFeatureGroup={false} />
          <ListFooter more={query} moreLabel="Load older jobs" />
        </>
      )}
    </ListCard>
  );
};
