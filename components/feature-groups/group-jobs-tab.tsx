"use client";

import { JobsList } from "@/components/jobs/jobs-list";

/** This group's jobs, with live progress while any is queued or running. */
export const GroupJobsTab = ({ project, featureGroupId }: { project: string; featureGroupId: string }) => (
  <JobsList
    project={project}
    filters={{ featureGroupId }}
    showFeatureGroup={false}
    empty={{
      title: "No jobs for this group yet",
      description:
        "Loading data, deleting rows, compaction and vacuum run as jobs; they appear here with live progress.",
    }}
  />
);
