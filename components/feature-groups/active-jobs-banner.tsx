"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { isActiveJob } from "@/components/jobs/job-status-badge";
import { LiveJobSummary } from "@/components/jobs/live-job-summary";
import { useLiveJobs } from "@/components/jobs/use-live-jobs";
import { featureStoreKeys } from "@/lib/client/feature-store";

/**
 * The group's queued and running jobs (e.g. the load started right after creating it), shown above the tabs
 * with live progress. A job seen running stays until the page is left, so its outcome shows; when it
 * finishes, the group, its commits and its preview refresh.
 */
export const ActiveJobsBanner = ({
  project,
  name,
  version,
  featureGroupId,
}: {
  project: string;
  name: string;
  version: number;
  featureGroupId: string;
}) => {
  const queryClient = useQueryClient();
  const { jobs } = useLiveJobs({ project, filters: { featureGroupId } });
  const [followed, setFollowed] = useState<string[]>([]);
  const activeIds = jobs?.filter((job) => isActiveJob(job.status)).map((job) => job.id) ?? [];
  const activeKey = activeIds.join(",");
  useEffect(() => {
    if (!activeKey) return;
    setFollowed((previous) => [...previous, ...activeKey.split(",").filter((id) => !previous.includes(id))]);
  }, [activeKey]);
  const shown = jobs?.filter((job) => followed.includes(job.id)) ?? [];
  if (shown.length === 0) return null;
  return (
    <section aria-label="Recent jobs of this feature group" className="mb-6 grid gap-2">
      {shown.map((job) => (
        <LiveJobSummary
          key={job.id}
          project={project}
          initialJob={job}
          onFinished={() =>
            queryClient.invalidateQueries({ queryKey: featureStoreKeys.featureGroup(project, name, version) })
          }
        />
      ))}
    </section>
  );
};
