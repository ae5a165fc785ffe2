"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { CardBody, Section } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { DetailPage } from "@/components/ui/detail-page";
import { RelativeTime } from "@/components/ui/relative-time";
import type { TJob } from "@/lib/api/jobs";
import { featureGroupHref, featureStoreKeys, fetchJob } from "@/lib/client/feature-store";
import { featureViewKeys, fetchFeatureViews, trainingDatasetHref } from "@/lib/client/feature-views";
import { durationBetween, formatCount, formatDuration } from "@/lib/client/format-values";
import { JobActions } from "./job-actions";
import { JobLogTail } from "./job-log-tail";
import { isActiveJob, JobStatusBadge } from "./job-status-badge";
import { JobProgress } from "./job-progress";
import { LIVE_REFRESH_MS } from "./use-live-jobs";
import { useJobLookups } from "./use-job-lookups";
import { useNow } from "./use-now";
import { JobValidationReport } from "@/components/validation/report-links";

const Row = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <div className="flex justify-between gap-4 py-1.5">
    <dt className="text-slate-600">{label}</dt>
    <dd className="min-w-0 text-right text-slate-900 [overflow-wrap:anywhere]">{children}</dd>
  </div>
);

const JsonBlock = ({ value, label }: { value: unknown; label: string }) => (
  // Focusable: a long line scrolls sideways, and keyboard users must reach it too.
  <pre
    aria-label={label}
    tabIndex={0}
    className="max-h-64 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800 ring-1 ring-slate-200"
  >
    {value === null || value === undefined ? "—" : JSON.stringify(value, null, 2)}
  </pre>
);

export const JobDetailPage = () => {
  const project = useCurrentProject();
  const { jobId } = useParams<{ jobId: string }>();
  const id = decodeURIComponent(jobId);
  const query = useQuery({
    queryKey: featureStoreKeys.job(project.name, id),
    queryFn: () => fetchJob({ project: project.name, jobId: id }),
    refetchInterval: (current) =>
      current.state.data && isActiveJob(current.state.data.status) ? LIVE_REFRESH_MS : false,
  });
  return (
    <DetailPage
      query={query}
      back={{ href: `/projects/${encodeURIComponent(project.name)}/jobs`, label: "Jobs" }}
      loadingLabel="Loading job"
    >
      {(job) => <JobDetail project={project.name} job={job} />}
    </DetailPage>
  );
};

/** A training-dataset job carries its dataset's id; the console finds its name among the views' datasets. */
const useTrainingDatasetOf = (project: string, job: TJob) => {
  const payload = job.payload as { trainingDatasetId?: unknown } | null;
  const id = typeof payload?.trainingDatasetId === "string" ? payload.trainingDatasetId : null;
  const views = useQuery({
    queryKey: featureViewKeys.featureViewList(project, undefined),
    queryFn: () => fetchFeatureViews({ project }),
    enabled: id !== null,
  });
  if (id === null) return null;
  const dataset = views.data?.featureViews.flatMap((view) => view.trainingDatasets).find((td) => td.id === id);
  return { id, dataset, href: dataset ? trainingDatasetHref(project, dataset.name, dataset.version) : "" };
};

const JobDetail = ({ project, job }: { project: string; job: TJob }) => {
  const canWrite = useCan("jobs:write");
  const training = useTrainingDatasetOf(project, job);
  const lookups = useJobLookups(project);
  const now = useNow(isActiveJob(job.status));
  const group = lookups.featureGroup(job.featureGroupId);
  const duration = durationBetween(job.startedAt, job.finishedAt, now);
  return (
    <>
      <PageHeader
        title={`${job.type} job`}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <JobStatusBadge status={job.status} />
            <span className="font-mono text-xs">{job.id}</span>
            <CopyButton value={job.id} label="Copy job id" />
          </span>
        }
        actions={canWrite && <JobActions project={project} job={job} />}
      />
      {job.status === "FAILED" && job.error && (
        <Alert
          tone="danger"
          title={`The job failed after ${job.attempts} of ${job.maxAttempts} attempts`}
          className="mb-6"
        >
          <span className="whitespace-pre-wrap font-mono text-xs">{job.error}</span>
        </Alert>
      )}
      {job.cancelRequestedAt && job.status === "RUNNING" && (
        <Alert tone="warning" className="mb-6">
          Cancellation requested <RelativeTime iso={job.cancelRequestedAt} />; the job stops at its next checkpoint.
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="grid min-w-0 grid-cols-1 content-start gap-6 lg:col-span-2">
          <Section id="progress-title" title="Progress">
            <CardBody className="grid gap-3">
              <JobProgress job={job} label="Job progress" />
              <p className="text-sm text-slate-700">{formatCount(job.rowsProcessed)} rows processed</p>
            </CardBody>
          </Section>
          <Section
            id="log-title"
            title="Log"
            description={isActiveJob(job.status) ? "Live: new lines appear as the job writes them." : undefined}
          >
            <CardBody>
              <JobLogTail project={project} jobId={job.id} status={job.status} />
            </CardBody>
          </Section>
        </div>
        <div className="grid min-w-0 grid-cols-1 content-start gap-6">
          <Section id="details-title" title="Details">
            <CardBody>
              <dl className="divide-y divide-slate-100 text-sm">
                <Row label="Feature group">
                  {group ? (
                    <Link
                      href={featureGroupHref(project, group.name, group.version)}
                      className="text-brand-700 hover:underline"
                    >
                      {group.name} v{group.version}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Row>
                {group && job.type === "ingest" && (
                  <Row label="Validation">
                    <JobValidationReport project={project} name={group.name} version={group.version} jobId={job.id} />
                  </Row>
                )}
                {training && (
                  <Row label="Training dataset">
                    {training.dataset === undefined ? (
                      <span className="font-mono text-xs">{training.id}</span>
                    ) : (
                      <Link href={training.href} className="text-brand-700 hover:underline">
                        {`${training.dataset.name} v${training.dataset.version}`}
                      </Link>
                    )}
                  </Row>
                )}
                <Row label="Created by">{lookups.userName(job.createdById) ?? (job.scheduleId ? "Schedule" : "—")}</Row>
                <Row label="Created">
                  <RelativeTime iso={job.createdAt} />
                </Row>
                <Row label="Started">
                  <RelativeTime iso={job.startedAt} fallback="Not started" />
                </Row>
                <Row label="Finished">
                  <RelativeTime iso={job.finishedAt} />
                </Row>
                <Row label="Duration">{duration === null ? "—" : formatDuration(duration)}</Row>
                <Row label="Attempts">
                  {job.attempts} of {job.maxAttempts}
                </Row>
              </dl>
            </CardBody>
          </Section>
          <Section id="payload-title" title="Payload">
            <CardBody>
              <JsonBlock value={job.payload} label="Payload" />
            </CardBody>
          </Section>
          <Section id="result-title" title="Result">
            <CardBody>
              <JsonBlock value={job.result} label="Result" />
            </CardBody>
          </Section>
        </div>
      </div>
    </>
  );
};
