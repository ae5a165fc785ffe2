"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { TValidationReport } from "@/lib/api/validation";
import type { TVersionRef } from "@/lib/client/api";
import { fetchReports, validationKeys, validationReportHref } from "@/lib/client/validation";
import { OUTCOME_TONES } from "./report-view";

// Links to validation reports from elsewhere in the console: an ingest job's page and the commit timeline.

const ReportLink = ({
  project,
  name,
  version,
  report,
}: Omit<TVersionRef, "project"> & { project: string; report: TValidationReport }) => (
  <Link
    href={validationReportHref(project, name, version, report.id)}
    className="inline-flex items-center gap-1.5 text-brand-700 hover:underline"
  >
    <Badge tone={OUTCOME_TONES[report.outcome]}>{report.outcome}</Badge>
    Validation report
  </Link>
);

/** The report an ingest job left, or a dash. */
export const JobValidationReport = ({ jobId, ...ref }: TVersionRef & { jobId: string }) => {
  const query = useQuery({
    queryKey: validationKeys.reports(ref.project, ref.name, ref.version, { jobId }),
    queryFn: () => fetchReports(ref, { jobId }),
  });
  const report = query.data?.reports[0];
  return report ? <ReportLink {...ref} report={report} /> : <span className="text-slate-500">—</span>;
};

/** The group's reports by the commit they are about (the newest for each), for the commit timeline. */
export const useReportsByCommit = (ref: TVersionRef) => {
  const query = useQuery({
    queryKey: validationKeys.reports(ref.project, ref.name, ref.version),
    queryFn: () => fetchReports(ref),
  });
  const byCommit = new Map<number, TValidationReport>();
  for (const report of query.data?.reports ?? [])
    if (report.commitVersion !== null && !byCommit.has(report.commitVersion))
      byCommit.set(report.commitVersion, report);
  return byCommit;
};

/** A commit's validation report link, or a dash. */
export const CommitValidationReport = ({ report, ...ref }: TVersionRef & { report: TValidationReport | undefined }) =>
  report ? <ReportLink {...ref} report={report} /> : <span className="text-slate-500">—</span>;
