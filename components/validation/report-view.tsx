"use client";

import Link from "next/link";
import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { CardBody, Section } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import type { TRuleResult, TValidationReport } from "@/lib/api/validation";
import { jobHref } from "@/lib/client/feature-store";
import { formatCount } from "@/lib/client/format-values";
import { describeRule } from "@/lib/client/validation";

// One validation report: per rule what was observed, whether it passed, how many rows failed and up to 20 of them.
// Failing values (and means, deviations) reach only readers of feature values; the server leaves them out for
// the others, and this view says so instead of showing an empty table.

export const OUTCOME_TONES: Record<TValidationReport["outcome"], TBadgeTone> = {
  PASSED: "success",
  WARNINGS: "warning",
  FAILED: "danger",
};

const observedText = (result: TRuleResult) => {
  if (result.observedHidden) return "hidden";
  if (result.observed === null) return "—";
  if (result.rule.type === "row_count_between") return formatCount(result.observed);
  return Number.isInteger(result.observed) ? String(result.observed) : result.observed.toPrecision(4);
};

const Samples = ({ result, index }: { result: TRuleResult; index: number }) => {
  if (result.samplesHidden)
    return <p className="text-xs text-slate-600">Failing values are hidden: reading them needs featureData:read.</p>;
  if (result.failingSamples.length === 0) return null;
  const columns = Object.keys(result.failingSamples[0]);
  return (
    <Table caption={`Failing rows of rule ${index + 1}`} columns={columns} className="text-xs">
      <TableBody>
        {result.failingSamples.map((row, position) => (
          <TableRow key={position}>
            {columns.map((column) => (
              <TableCell key={column} className="font-mono">
                {row[column] === null ? <span className="text-slate-500">null</span> : String(row[column])}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

export const ReportView = ({ project, report }: { project: string; report: TValidationReport }) => {
  const checked = `${report.trigger === "INGEST" ? "Ingest" : "On demand"}, ${report.policy}, ${formatCount(report.rowCount)} rows checked`;
  return (
    <Section
      id="validation-report-title"
      title={`Report ${report.id}`}
      description={
        <span className="inline-flex flex-wrap items-center gap-2">
          <Badge tone={OUTCOME_TONES[report.outcome]}>{report.outcome}</Badge>
          <span>
            {checked}
            {report.commitVersion !== null ? `, commit v${report.commitVersion}` : ""}
            {report.written === false ? ", nothing written" : ""}, <RelativeTime iso={report.createdAt} />
          </span>
          {report.jobId && (
            <Link href={jobHref(project, report.jobId)} className="text-brand-700 hover:underline">
              View job
            </Link>
          )}
        </span>
      }
    >
      <CardBody className="grid gap-3">
        <Table
          caption={`Rules of report ${report.id}`}
          columns={["#", "Rule", "Severity", "Result", "Observed", "Failing rows"]}
          numeric={["Observed", "Failing rows"]}
        >
          <TableBody>
            {report.results.map((result, index) => (
              <TableRow key={index} className="[&>td]:align-top">
                <TableCell className="tabular-nums">{index + 1}</TableCell>
                <TableCell className="min-w-64">
                  <div className="grid gap-2">
                    <span className="font-mono text-xs">{describeRule(result.rule)}</span>
                    {!result.success && <Samples result={result} index={index} />}
                  </div>
                </TableCell>
                <TableCell>{result.rule.severity}</TableCell>
                <TableCell>
                  <Badge tone={result.success ? "success" : result.rule.severity === "error" ? "danger" : "warning"}>
                    {result.success ? "Passed" : "Failed"}
                  </Badge>
                </TableCell>
                <TableCell className="text-right tabular-nums">{observedText(result)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(result.failingRows)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardBody>
    </Section>
  );
};
