"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { JobStatusBadge } from "@/components/jobs/job-status-badge";
import { CardBody, Section } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { featureStoreKeys, fetchFeatureGroups, fetchJobs, jobHref } from "@/lib/client/feature-store";
import { formatCount } from "@/lib/client/format-values";
import { useCan, useCurrentProject } from "./project-context";

const RECENT_JOBS = 5;

/** The project's feature store at a glance: how many groups, how many rows, and the latest jobs. */
export const FeatureStoreCard = () => {
  const project = useCurrentProject();
  const canReadJobs = useCan("jobs:read");
  const canReadGroups = useCan("featureGroups:read");
  const groups = useQuery({
    queryKey: featureStoreKeys.featureGroupList(project.name, {}),
    queryFn: () => fetchFeatureGroups({ project: project.name }),
    enabled: canReadGroups,
  });
  const jobs = useQuery({
    queryKey: [...featureStoreKeys.jobs(project.name), "recent"],
    queryFn: () => fetchJobs({ project: project.name, filters: {} }),
    enabled: canReadJobs,
  });
  if (!canReadGroups) return null;
  const base = `/projects/${encodeURIComponent(project.name)}`;
  const totalRows = groups.data?.featureGroups.reduce((sum, group) => sum + group.rowCount, 0) ?? 0;
  return (
    <Section
      id="feature-store-title"
      title="Feature store"
      actions={
        <Link href={`${base}/feature-groups`} className="text-sm font-medium text-brand-700 hover:underline">
          Open catalog
        </Link>
      }
    >
      <CardBody className="grid gap-4">
        {groups.isPending && <Skeleton className="h-12" />}
        {groups.isError && <ErrorState error={groups.error} onRetry={() => groups.refetch()} />}
        {groups.data && (
          <dl className="grid grid-cols-2 gap-4">
            <div>
              <dt className="text-xs text-slate-600">Feature groups</dt>
              <dd className="text-2xl font-semibold tabular-nums text-slate-900">
                {formatCount(groups.data.featureGroups.length)}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-600">Rows stored</dt>
              <dd className="text-2xl font-semibold tabular-nums text-slate-900">{formatCount(totalRows)}</dd>
            </div>
          </dl>
        )}
        {canReadJobs && (
          <div>
            <h3 className="mb-1.5 text-xs font-medium uppercase tracking-wide text-slate-600">Recent jobs</h3>
            {jobs.isPending && <Skeleton className="h-16" />}
            {jobs.data?.jobs.length === 0 && (
              <p className="text-sm text-slate-600">No jobs yet. Loading data into a feature group starts one.</p>
            )}
            <ul className="divide-y divide-slate-100">
              {jobs.data?.jobs.slice(0, RECENT_JOBS).map((job) => (
                <li key={job.id} className="flex items-center justify-between gap-3 py-1.5 text-sm">
                  <Link
                    href={jobHref(project.name, job.id)}
                    className="font-mono text-xs text-brand-700 hover:underline"
                  >
                    {job.type}
                  </Link>
                  <JobStatusBadge status={job.status} />
                  <span className="ml-auto text-xs text-slate-600">
                    <RelativeTime iso={job.createdAt} />
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </CardBody>
    </Section>
  );
};
