"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import type { TJob } from "@/lib/api/jobs";
import { featureGroupHref, jobHref } from "@/lib/client/feature-store";
import { durationBetween, formatCount, formatDuration } from "@/lib/client/format-values";
import { isActiveJob, JobStatusBadge } from "./job-status-badge";
import { JobProgress } from "./job-progress";
import { useJobLookups } from "./use-job-lookups";
import { useNow } from "./use-now";

/** Job executions, newest first; a row opens the job. `showFeatureGroup` is off inside a group's own page. */
export const JobsTable = ({
  project,
  jobs,
  showFeatureGroup = true,
}: {
  project: string;
  jobs: TJob[];
  showFeatureGroup?: boolean;
}) => {
  const router = useRouter();
  const lookups = useJobLookups(project);
  const now = useNow(jobs.some((job) => isActiveJob(job.status)));
  return (
    <Table className="[&_td]:px-3 [&_th]:px-3">
      <caption className="sr-only">Job executions</caption>
      <TableHead>
        <tr>
          <TableHeaderCell>Type</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell className="w-40">Progress</TableHeaderCell>
          <TableHeaderCell className="text-right">Rows</TableHeaderCell>
          {showFeatureGroup && <TableHeaderCell>Feature group</TableHeaderCell>}
          <TableHeaderCell>Created by</TableHeaderCell>
          <TableHeaderCell>Started</TableHeaderCell>
          <TableHeaderCell>Finished (duration)</TableHeaderCell>
          <TableHeaderCell className="text-right">Attempts</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {jobs.map((job) => {
          const href = jobHref(project, job.id);
          const group = lookups.featureGroup(job.featureGroupId);
          const duration = durationBetween(job.startedAt, job.finishedAt, now);
          return (
            <TableRow
              key={job.id}
              className="cursor-pointer"
              onClick={(event) => !(event.target as HTMLElement).closest("a") && router.push(href)}
            >
              <TableCell>
                <Link
                  href={href}
                  className="font-mono text-xs font-medium text-slate-900 hover:text-brand-700 hover:underline"
                  aria-label={`${job.type} job ${job.id}`}
                >
                  {job.type}
                </Link>
              </TableCell>
              <TableCell>
                <JobStatusBadge status={job.status} />
              </TableCell>
              <TableCell>
                <JobProgress job={job} label={`Progress of ${job.type} job ${job.id}`} />
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(job.rowsProcessed)}</TableCell>
              {showFeatureGroup && (
                <TableCell>
                  {group ? (
                    <Link
                      href={featureGroupHref(project, group.name, group.version)}
                      className="whitespace-nowrap text-brand-700 hover:underline"
                    >
                      {group.name} <span className="text-slate-500">v{group.version}</span>
                    </Link>
                  ) : (
                    <span className="text-slate-500">{job.featureGroupId ? "Deleted group" : "—"}</span>
                  )}
                </TableCell>
              )}
              <TableCell className="whitespace-nowrap text-slate-700">
                {lookups.userName(job.createdById) ?? (job.scheduleId ? "Schedule" : "—")}
              </TableCell>
              <TableCell>
                <RelativeTime iso={job.startedAt} fallback="Not started" />
              </TableCell>
              <TableCell>
                <RelativeTime iso={job.finishedAt} fallback={job.startedAt ? "Running" : "—"} />
                {duration !== null && (
                  <span className="block text-xs tabular-nums text-slate-600">{formatDuration(duration)}</span>
                )}
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {job.attempts}/{job.maxAttempts}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
