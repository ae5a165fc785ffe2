"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { featureStoreKeys, fetchJobs, type TJobFilters } from "@/lib/client/feature-store";
import { isActiveJob } from "./job-status-badge";

export const LIVE_REFRESH_MS = 1000;

/** Job pages, refreshed every second while any loaded job is queued or running. */
export const useLiveJobs = ({
  project,
  filters,
  enabled = true,
}: {
  project: string;
  filters: TJobFilters;
  enabled?: boolean;
}) => {
  const query = useInfiniteQuery({
    queryKey: featureStoreKeys.jobList(project, filters),
    queryFn: ({ pageParam }) => fetchJobs({ project, filters, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled,
    refetchInterval: (current) =>
      current.state.data?.pages.some((page) => page.jobs.some((job) => isActiveJob(job.status)))
        ? LIVE_REFRESH_MS
        : false,
  });
  return { query, jobs: query.data?.pages.flatMap((page) => page.jobs) };
};
