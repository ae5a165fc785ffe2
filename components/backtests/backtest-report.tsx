"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { CardBody, Section } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import type { TBacktest } from "@/lib/api/backtests";
import { backtestKeys, fetchBacktest } from "@/lib/client/backtests";
import { formatCount, formatDuration } from "@/lib/client/format-values";
import { DriftSection, FeaturesNotCompared, StatisticsSection, SuitesSection } from "./backtest-report-sections";

// One backtest report (docs/backtesting.md): what each version computed and how long it took, the rows and keys one
// has and the other lacks, drift of the new version against the old with the baseline's bins overlaid, statistics
// and the suites' results side by side. Values a reader may not see arrive hidden and say so.

const OUTCOME_TONE = { PASSED: "success", WARNINGS: "warning", FAILED: "danger" } as const;

export const windowText = (window: TBacktest["window"]) =>
  window.kind === "timeRange"
    ? `event time ${window.start.slice(0, 16).replace("T", " ")} – ${window.end.slice(0, 16).replace("T", " ")} UTC`
    : `the rows of ${window.featureGroup.name} v${window.featureGroup.version} as of their ${window.eventTime}`;

const VersionCard = ({ label, side }: { label: string; side: TBacktest["report"]["baseline"] }) => (
  <div className="grid gap-1 rounded-md border border-slate-200 p-3 text-sm text-slate-700">
    <div className="flex items-center gap-2">
      <span className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</span>
      <span className="font-mono font-medium text-slate-900">
        {side.name} v{side.version}
      </span>
      {side.validation && (
        <Badge tone={OUTCOME_TONE[side.validation.outcome]}>suite {side.validation.outcome.toLowerCase()}</Badge>
      )}
    </div>
    <span>
      <span className="font-medium text-slate-900">{formatCount(side.rows)}</span> rows
      {side.keys !== null && (
        <>
          {" "}
          · <span className="font-medium text-slate-900">{formatCount(side.keys)}</span> distinct keys
        </>
      )}
    </span>
    <span>
      computed in <span className="font-medium text-slate-900">{formatDuration(side.seconds * 1000)}</span>
      {side.commit !== null ? ` from commit ${side.commit}` : " from its sources' latest commits"}
    </span>
  </div>
);

const KeySamples = ({ keys, title }: { keys: Record<string, string | null>[]; title: string }) =>
  keys.length === 0 ? null : (
    <div className="grid gap-1">
      <span className="text-xs font-medium text-slate-600">{title}</span>
      <ul className="flex flex-wrap gap-1" aria-label={title}>
        {keys.map((key) => {
          const text = Object.values(key).join(", ");
          return (
            <li key={text} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">
              {text}
            </li>
          );
        })}
      </ul>
    </div>
  );

const DiffSection = ({ backtest }: { backtest: TBacktest }) => {
  const { report } = backtest;
  const base = `v${report.baseline.version}`;
  const next = `v${report.candidate.version}`;
  const rows = [
    { what: "Rows (key and event time)", counts: report.rows },
    ...(report.keys ? [{ what: `Keys (${report.keyColumns.join(", ")})`, counts: report.keys }] : []),
  ];
  return (
    <Section
      id="backtest-diffs"
      title="Rows and keys"
      description="What one version has that the other lacks, over the same window."
    >
      <CardBody className="grid gap-3">
        <Table
          caption="Rows and keys in one version and not the other"
          columns={["Compared by", `Only in ${base}`, `Only in ${next}`, "In both"]}
          numeric={[`Only in ${base}`, `Only in ${next}`, "In both"]}
        >
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.what}>
                <TableCell>{row.what}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(row.counts.onlyInBaseline)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(row.counts.onlyInCandidate)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(row.counts.inBoth)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {report.keys === null ? (
          <p className="text-sm text-slate-600">The versions share no key column: keys are not compared.</p>
        ) : report.keys.samplesHidden ? (
          <p className="text-sm text-slate-600">Keys are feature values: hidden for your role.</p>
        ) : (
          <div className="grid gap-2 md:grid-cols-2">
            <KeySamples keys={report.keys.samples.onlyInBaseline} title={`Keys only in ${base}`} />
            <KeySamples keys={report.keys.samples.onlyInCandidate} title={`Keys only in ${next}`} />
          </div>
        )}
      </CardBody>
    </Section>
  );
};

export const BacktestReport = ({ project, backtestId }: { project: string; backtestId: string }) => {
  const query = useQuery({
    queryKey: backtestKeys.one(project, backtestId),
    queryFn: () => fetchBacktest(project, backtestId),
  });
  if (query.isPending) return <TableSkeleton label="Loading the backtest report" />;
  if (query.isError)
    return <ErrorState error={query.error} onRetry={() => query.refetch()} title="Could not load the report" />;
  const backtest = query.data;
  const { report } = backtest;
  return (
    <div className="grid gap-6" data-testid="backtest-report">
      <Section
        id="backtest-summary"
        title={`Backtest of v${backtest.target.version} against v${backtest.baseline.version}`}
        description={`Both over ${windowText(backtest.window)}.`}
        actions={
          <Badge tone={report.breaches > 0 ? "danger" : "success"}>
            {report.breaches === 0
              ? "no drift threshold crossed"
              : `${report.breaches} drift threshold${report.breaches === 1 ? "" : "s"} crossed`}
          </Badge>
        }
      >
        <CardBody className="grid gap-3 md:grid-cols-2">
          <VersionCard label="Baseline" side={report.baseline} />
          <VersionCard label="New" side={report.candidate} />
        </CardBody>
      </Section>
      <DiffSection backtest={backtest} />
      <DriftSection backtest={backtest} />
      <StatisticsSection backtest={backtest} />
      <SuitesSection backtest={backtest} />
      <FeaturesNotCompared backtest={backtest} />
    </div>
  );
};
