"use client";

import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { LinkRow } from "@/components/ui/link-row";
import { Table, TableBody, TableCell } from "@/components/ui/table";
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
  const lookups = useJobLookups(project);
  const now = useNow(jobs.some((job) => isActiveJob(job.status)));
  return (
    <Table
      className="[&_td]:px-3 [&_th]:px-3"
      caption="Job executions"
      columns={[
        "Type",
        "Status",
        "Progress",
        "Rows",
        showFeatureGroup && "Feature group",
        "Created by",
        "Started",
        "Finished",
        "Attempts",
      ]}
      numeric={["Rows", "Attempts"]}
    >
      <TableBody>
        {jobs.map((job) => {
          const href = jobHref(project, job.id);
          const group = lookups.featureGroup(job.featureGroupId);
          const duration = durationBetween(job.startedAt, job.finishedAt, now);
          return (
            <LinkRow
              key={job.id}
              href={href}
              name={job.type}
              linkClassName="font-mono text-xs"
              linkLabel={`${job.type} job ${job.id}`}
            >
              <TableCell>
                <JobStatusBadge status={job.status} />
              </TableCell>
              <TableCell className="w-28">
                <JobProgress job={job} label={`Progress of ${job.type} job ${job.id}`} />
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(job.rowsProcessed)}</TableCell>
              {showFeatureGroup && (
                <TableCell>
                  {group ? (
                    <Link
                      href={featureGroupHref(project, group.name, group.version)}
                      className="text-brand-700 hover:underline"
                    >
                      {group.name} <span className="text-slate-500">v{group.version}</span>
                    </Link>
                  ) : (
                    <span className="text-slate-500">{job.featureGroupId ? "Deleted group" : "—"}</span>
                  )}
                </TableCell>
              )}
              <TableCell className="text-slate-700">
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
            </LinkRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
