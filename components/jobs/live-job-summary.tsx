"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import type { TJob } from "@/lib/api/jobs";
import { featureStoreKeys, fetchJob, jobHref } from "@/lib/client/feature-store";
import { formatCount } from "@/lib/client/format-values";
import { isActiveJob, JobStatusBadge } from "./job-status-badge";
import { JobProgress } from "./job-progress";
import { LIVE_REFRESH_MS } from "./use-live-jobs";

/** One job's live status and progress, polled until it finishes; refreshes the group's data when it does. */
export const LiveJobSummary = ({
  project,
  initialJob,
  onFinished,
}: {
  project: string;
  initialJob: TJob;
  onFinished?: (job: TJob) => void;
}) => {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: featureStoreKeys.job(project, initialJob.id),
    queryFn: () => fetchJob({ project, jobId: initialJob.id }),
    initialData: initialJob,
    refetchInterval: (current) =>
      current.state.data && isActiveJob(current.state.data.status) ? LIVE_REFRESH_MS : false,
  });
  const job = query.data;
  const isFinished = !isActiveJob(job.status);
  useEffect(() => {
    if (!isFinished) return;
    void queryClient.invalidateQueries({ queryKey: featureStoreKeys.featureGroups(project) });
    void queryClient.invalidateQueries({ queryKey: featureStoreKeys.jobs(project) });
    onFinished?.(job);
    // Run once when the job reaches a final state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isFinished]);
  return (
    <div className="grid gap-2 rounded-md border border-slate-200 bg-white px-3 py-2.5">
      <div className="flex items-center justify-between gap-2 text-sm">
        <span className="flex items-center gap-2">
          <span className="font-mono text-xs font-medium">{job.type}</span>
          <JobStatusBadge status={job.status} />
        </span>
        <Link href={jobHref(project, job.id)} className="text-sm text-brand-700 hover:underline">
          View job
        </Link>
      </div>
      <JobProgress job={job} label={`Progress of ${job.type} job`} />
      <p className="text-xs text-slate-600">
        {formatCount(job.rowsProcessed)} rows processed
        {job.error && <span className="mt-1 block font-medium text-red-700">{job.error}</span>}
      </p>
    </div>
  );
};
