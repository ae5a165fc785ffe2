"use client";

import { Badge } from "@/components/ui/badge";
import { CardBody, Section } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { HistogramChart } from "@/components/statistics/histogram-chart";
import { runHistogramPoints } from "@/components/monitoring/monitoring-series";
import { HIDDEN_VALUE } from "@/lib/feature-values";
import { METRIC_LABELS, MONITOR_METRICS } from "@/lib/api/monitoring";
import type { TBacktest } from "@/lib/api/backtests";
import { describeRule } from "@/lib/client/validation";
import { formatCount } from "@/lib/client/format-values";
import { cn } from "@/lib/client/cn";
import { featureStatusText, formatStatistic, metricRows, statisticsRows } from "./backtest-series";

// The report's comparison sections: drift (a metric table and the histograms overlaid), statistics side by side,
// each version's suite results, and the features that could not be compared.

const versions = (backtest: TBacktest) => ({
  base: `v${backtest.report.baseline.version}`,
  next: `v${backtest.report.candidate.version}`,
});

export const DriftSection = ({ backtest }: { backtest: TBacktest }) => {
  const rows = metricRows(backtest.report.features);
  const { base, next } = versions(backtest);
  const shown = MONITOR_METRICS.filter((metric) =>
    rows.some((row) => row.cells.some((cell) => cell.metric === metric)),
  );
  const drawn = backtest.report.features.filter((feature) => feature.drift);
  return (
    <Section
      id="backtest-drift"
      title="Drift of the new version against the old"
      description={`The monitors' metrics with ${base} as the reference; red: above its threshold.`}
    >
      <CardBody className="grid gap-5">
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600">The versions share no number or category feature to compare.</p>
        ) : (
          <Table
            caption="Drift metrics per feature"
            columns={["Feature", ...shown.map((metric) => METRIC_LABELS[metric])]}
          >
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.feature}>
                  <TableCell className="font-mono">{row.feature}</TableCell>
                  {shown.map((metric) => {
                    const cell = row.cells.find((candidate) => candidate.metric === metric);
                    return (
                      <TableCell
                        key={metric}
                        className={cn("tabular-nums", cell?.breached && "font-semibold text-red-700")}
                        title={cell?.threshold !== null && cell ? `threshold ${cell.threshold}` : undefined}
                      >
                        {cell ? `${cell.text}${cell.breached ? ` > ${cell.threshold}` : ""}` : "—"}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <div className="grid gap-4 md:grid-cols-2">
          {drawn.map((feature) => (
            <div key={feature.name} className="rounded-md border border-slate-200 p-3">
              <div className="mb-2 font-mono text-sm font-medium text-slate-900">{feature.name}</div>
              {feature.drift!.histogram === HIDDEN_VALUE ? (
                <p className="text-sm text-slate-600">Histograms are feature values: hidden for your role.</p>
              ) : feature.drift!.histogram === null ? (
                <p className="text-sm text-slate-600">One of the versions has no rows in the window.</p>
              ) : (
                <HistogramChart
                  feature={feature.name}
                  points={runHistogramPoints(feature.drift!.histogram)}
                  currentLabel={`New (${next})`}
                  otherLabel={`Baseline (${base})`}
                />
              )}
            </div>
          ))}
        </div>
      </CardBody>
    </Section>
  );
};

export const StatisticsSection = ({ backtest }: { backtest: TBacktest }) => {
  const { base, next } = versions(backtest);
  const pair = (left: unknown, right: unknown) =>
    `${formatStatistic(left as never)} → ${formatStatistic(right as never)}`;
  return (
    <Section
      id="backtest-statistics"
      title="Statistics"
      description={`Each feature of either version over the window, ${base} → ${next}.`}
    >
      <CardBody>
        <Table caption="Statistics of both versions" columns={["Feature", "Values", "Nulls", "Mean", "Min", "Max"]}>
          <TableBody>
            {statisticsRows(backtest.report).map((row) => (
              <TableRow key={row.feature}>
                <TableCell className="font-mono">{row.feature}</TableCell>
                <TableCell className="tabular-nums">{pair(row.baseline?.count, row.candidate?.count)}</TableCell>
                <TableCell className="tabular-nums">{pair(row.baseline?.nulls, row.candidate?.nulls)}</TableCell>
                <TableCell className="tabular-nums">{pair(row.baseline?.mean, row.candidate?.mean)}</TableCell>
                <TableCell className="tabular-nums">{pair(row.baseline?.min, row.candidate?.min)}</TableCell>
                <TableCell className="tabular-nums">{pair(row.baseline?.max, row.candidate?.max)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardBody>
    </Section>
  );
};

const SuiteResults = ({ label, side }: { label: string; side: TBacktest["report"]["baseline"] }) => (
  <div className="grid gap-2">
    <div className="flex items-center gap-2 text-sm font-medium text-slate-900">
      {label}
      {side.validation && (
        <Badge
          tone={
            side.validation.outcome === "PASSED"
              ? "success"
              : side.validation.outcome === "FAILED"
                ? "danger"
                : "warning"
          }
        >
          {side.validation.outcome.toLowerCase()}
        </Badge>
      )}
    </div>
    {side.validation === null ? (
      <p className="text-sm text-slate-600">No expectation suite.</p>
    ) : (
      <ul className="grid gap-1 text-sm text-slate-700">
        {side.validation.results.map((result, index) => (
          <li key={index} className="flex flex-wrap items-center gap-2">
            <Badge tone={result.success ? "success" : result.rule.severity === "error" ? "danger" : "warning"}>
              {result.success ? "passed" : "failed"}
            </Badge>
            <span className="font-mono text-xs">{describeRule(result.rule)}</span>
            {result.failingRows > 0 && <span>{formatCount(result.failingRows)} failing rows</span>}
          </li>
        ))}
      </ul>
    )}
  </div>
);

export const SuitesSection = ({ backtest }: { backtest: TBacktest }) =>
  backtest.target.kind === "featureView" ? null : (
    <Section
      id="backtest-suites"
      title="Expectation suites"
      description="Each version's own suite over its rows of the window (nothing is written)."
    >
      <CardBody className="grid gap-4 md:grid-cols-2">
        <SuiteResults label={`Baseline v${backtest.report.baseline.version}`} side={backtest.report.baseline} />
        <SuiteResults label={`New v${backtest.report.candidate.version}`} side={backtest.report.candidate} />
      </CardBody>
    </Section>
  );

export const FeaturesNotCompared = ({ backtest }: { backtest: TBacktest }) => {
  const others = backtest.report.features.filter((feature) => feature.status !== "compared");
  if (others.length === 0) return null;
  return (
    <Section id="backtest-other-features" title="Features without drift metrics">
      <CardBody>
        <ul className="grid gap-1 text-sm text-slate-700">
          {others.map((feature) => (
            <li key={feature.name}>
              <span className="font-mono">{feature.name}</span>: {featureStatusText[feature.status]}
              {feature.baselineType && feature.candidateType && feature.baselineType !== feature.candidateType
                ? ` (${feature.baselineType} → ${feature.candidateType})`
                : ""}
            </li>
          ))}
        </ul>
      </CardBody>
    </Section>
  );
};
