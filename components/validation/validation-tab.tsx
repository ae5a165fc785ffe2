"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardBody, Section } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { ListStates } from "@/components/ui/list-states";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { isActiveJob } from "@/components/jobs/job-status-badge";
import { LiveJobSummary } from "@/components/jobs/live-job-summary";
import type { TJob } from "@/lib/api/jobs";
import type { TValidationReport } from "@/lib/api/validation";
import type { TVersionRef } from "@/lib/client/api";
import { describeRule, fetchReports, fetchSuite, runSuite, validationKeys } from "@/lib/client/validation";
import { OUTCOME_TONES, ReportView } from "./report-view";
import { SuiteEditor } from "./suite-editor";

// The feature group's Validation tab: its expectation suite (edited in a form per rule), on-demand runs against a
// commit, and the reports of every run, one of them open (`?report=` in the URL, the newest by default).

const ReportsTable = ({
  caption,
  reports,
  selectedId,
  onSelect,
}: {
  caption: string;
  reports: TValidationReport[];
  selectedId: string | undefined;
  onSelect: (reportId: string) => void;
}) => (
  <Table caption={caption} columns={["Time", "Trigger", "Commit", "Outcome", "Failed rules", "Report"]}>
    <TableBody>
      {reports.map((report) => {
        const isSelected = report.id === selectedId;
        return (
          <TableRow key={report.id} aria-current={isSelected ? "true" : undefined}>
            <TableCell>
              <RelativeTime iso={report.createdAt} />
            </TableCell>
            <TableCell>{report.trigger === "INGEST" ? "Ingest" : "On demand"}</TableCell>
            <TableCell>{report.commitVersion === null ? "not written" : `v${report.commitVersion}`}</TableCell>
            <TableCell>
              <Badge tone={OUTCOME_TONES[report.outcome]}>{report.outcome}</Badge>
            </TableCell>
            <TableCell className="tabular-nums">
              {report.results.filter((result) => !result.success).length} of {report.results.length}
            </TableCell>
            <TableCell>
              <Button variant="ghost" size="sm" onClick={() => onSelect(report.id)}>
                {isSelected ? "Shown below" : "View report"}
              </Button>
            </TableCell>
          </TableRow>
        );
      })}
    </TableBody>
  </Table>
);

type TProps = TVersionRef & { features: { name: string; type: string }[]; canWrite: boolean };

export const ValidationTab = ({ features, canWrite, ...ref }: TProps) => {
  const { project, name, version } = ref;
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [commit, setCommit] = useState("");
  const suite = useQuery({ queryKey: validationKeys.suite(project, name, version), queryFn: () => fetchSuite(ref) });
  const reports = useQuery({
    queryKey: validationKeys.reports(project, name, version),
    queryFn: () => fetchReports(ref),
    select: (data) => data.reports,
  });
  // A run is a job: follow it until it ends, then open the report it recorded.
  const [runJob, setRunJob] = useState<TJob | null>(null);
  const run = useMutation({
    mutationFn: () => runSuite(ref, commit.trim() === "" ? undefined : Number(commit)),
    onSuccess: ({ job }) => setRunJob(job),
  });
  const onRunFinished = async (job: TJob) => {
    await queryClient.invalidateQueries({ queryKey: validationKeys.all(project, name, version) });
    const reportId = (job.result as { reportId?: string } | null)?.reportId;
    if (job.status === "SUCCEEDED" && reportId) {
      select(reportId);
      setRunJob(null);
    }
  };
  const isRunning = run.isPending || (runJob !== null && isActiveJob(runJob.status));
  const select = (reportId: string) => {
    const params = new URLSearchParams(searchParams.toString());
    params.set("tab", "validation");
    params.set("report", reportId);
    router.replace(`${pathname}?${params.toString()}`, { scroll: false });
  };
  const selectedId = searchParams.get("report");
  const selected = reports.data?.find((report) => report.id === selectedId) ?? reports.data?.[0];
  return (
    <div className="grid gap-6">
      <Section
        id="suite-title"
        title="Expectation suite"
        description="Checked on every ingest before the commit, over the whole load."
        actions={canWrite && suite.isSuccess && <SuiteEditor {...ref} features={features} suite={suite.data ?? null} />}
      >
        <CardBody className="grid gap-3">
          {suite.isSuccess && suite.data === null && (
            <p className="text-sm text-slate-600">No suite yet: loads into this group are not validated.</p>
          )}
          {suite.data && (
            <>
              <p className="text-sm text-slate-700">
                Policy <Badge tone={suite.data.policy === "STRICT" ? "danger" : "info"}>{suite.data.policy}</Badge>{" "}
                {suite.data.policy === "STRICT"
                  ? "— a failed error rule rejects the load."
                  : "— loads are written and failures reported."}
              </p>
              <ol className="grid list-decimal gap-1 pl-6 text-sm">
                {suite.data.rules.map((rule, index) => (
                  <li key={index}>
                    <span className="font-mono text-xs">{describeRule(rule)}</span>{" "}
                    {rule.severity === "warning" && <Badge tone="warning">warning</Badge>}
                  </li>
                ))}
              </ol>
              {canWrite && (
                <form
                  className="flex flex-wrap items-end gap-2"
                  onSubmit={(event) => {
                    event.preventDefault();
                    run.mutate();
                  }}
                >
                  <label className="grid gap-1 text-sm">
                    <span className="font-medium text-slate-800">Run against commit</span>
                    <Input
                      className="w-40"
                      inputMode="numeric"
                      placeholder="latest"
                      value={commit}
                      onValueChange={setCommit}
                    />
                  </label>
                  <Button type="submit" variant="secondary" isLoading={isRunning}>
                    Run suite
                  </Button>
                </form>
              )}
              {run.error && <Alert tone="danger">{run.error.message}</Alert>}
              {runJob && (
                <LiveJobSummary
                  key={runJob.id}
                  project={project}
                  initialJob={runJob}
                  onFinished={(job) => {
                    setRunJob(job);
                    void onRunFinished(job);
                  }}
                />
              )}
            </>
          )}
        </CardBody>
      </Section>
      <Section id="reports-title" title="Reports" description="One per ingest and per on-demand run, newest first.">
        <ListStates
          query={reports}
          items={reports.data}
          loading={{ label: "Loading validation reports", columns: 5 }}
          empty={{
            icon: ShieldCheck,
            title: "No reports yet",
            description: "Each ingest checked against the suite, and each run, leaves a report here.",
          }}
        >
          {(shown) => (
            <ReportsTable
              caption={`Validation reports of ${name} v${version}`}
              reports={shown}
              selectedId={selected?.id}
              onSelect={select}
            />
          )}
        </ListStates>
      </Section>
      {selected && <ReportView project={project} report={selected} />}
    </div>
  );
};
