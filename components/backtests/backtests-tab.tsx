"use client";

import { useQuery } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import { useCan } from "@/components/projects/project-context";
import { Badge } from "@/components/ui/badge";
import { Section } from "@/components/ui/card";
import { ListStates } from "@/components/ui/list-states";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import type { TBacktestSummary } from "@/lib/api/backtests";
import { backtestKeys, fetchBacktests, type TBacktestTarget } from "@/lib/client/backtests";
import { formatCount } from "@/lib/client/format-values";
import { cn } from "@/lib/client/cn";
import { BacktestDialog } from "./backtest-dialog";
import { BacktestReport, windowText } from "./backtest-report";

// The Backtests tab of a feature group or feature view version: the reports kept with it (this version against
// the one it replaces), "Run backtest", and the chosen report (its id in the URL, so a report can be shared by link).

const keysText = (summary: TBacktestSummary) =>
  summary.keysOnlyInBaseline === null
    ? "—"
    : `${formatCount(summary.keysOnlyInBaseline)} / ${formatCount(summary.keysOnlyInCandidate ?? 0)}`;

export const BacktestsTab = ({
  project,
  target,
  selected,
  onSelect,
}: {
  project: string;
  target: TBacktestTarget;
  selected: string | undefined;
  onSelect: (backtestId: string) => void;
}) => {
  const canRun = useCan("jobs:write");
  const query = useQuery({
    queryKey: backtestKeys.list(project, target),
    queryFn: () => fetchBacktests(project, target),
  });
  const list = query.data?.backtests;
  const shown = list?.find((summary) => summary.id === selected) ?? list?.[0];
  return (
    <div className="grid gap-6">
      <Section
        id="backtests"
        title="Backtests"
        description={`${target.name} v${target.version} against the version it is to replace, over the same history.`}
        actions={canRun ? <BacktestDialog project={project} target={target} onRecorded={onSelect} /> : undefined}
      >
        <ListStates
          query={query}
          items={list}
          loading={{ label: "Loading backtests", columns: 6, rows: 2 }}
          empty={{
            icon: FlaskConical,
            title: "No backtests yet",
            description:
              "Before this version serves, run both it and the one in production over a window of history and compare rows, keys, statistics, suites and drift.",
            action: canRun ? <BacktestDialog project={project} target={target} onRecorded={onSelect} /> : undefined,
          }}
        >
          {(backtests) => (
            <Table
              caption={`Backtests of ${target.name} v${target.version}`}
              columns={["Run", "Against", "Window", "Rows (old → new)", "Keys only in old / new", "Drift", "Suites"]}
            >
              <TableBody>
                {backtests.map((summary) => (
                  <TableRow
                    key={summary.id}
                    className={cn(summary.id === shown?.id && "bg-brand-50")}
                    aria-selected={summary.id === shown?.id}
                  >
                    <TableCell>
                      <button
                        type="button"
                        className="text-left text-brand-700 underline-offset-2 hover:underline focus-visible:underline"
                        onClick={() => onSelect(summary.id)}
                      >
                        <RelativeTime iso={summary.createdAt} />
                      </button>
                    </TableCell>
                    <TableCell>v{summary.baseline.version}</TableCell>
                    <TableCell className="text-xs">{windowText(summary.window)}</TableCell>
                    <TableCell className="tabular-nums">
                      {formatCount(summary.rows.baseline)} → {formatCount(summary.rows.candidate)}
                    </TableCell>
                    <TableCell className="tabular-nums">{keysText(summary)}</TableCell>
                    <TableCell>
                      <Badge tone={summary.breaches > 0 ? "danger" : "success"}>
                        {summary.breaches > 0 ? `${summary.breaches} crossed` : "none"}
                      </Badge>
                    </TableCell>
                    <TableCell className="text-xs">
                      {summary.validation.baseline || summary.validation.candidate
                        ? `${summary.validation.baseline?.toLowerCase() ?? "—"} → ${summary.validation.candidate?.toLowerCase() ?? "—"}`
                        : "—"}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </ListStates>
      </Section>
      {shown && <BacktestReport key={shown.id} project={project} backtestId={shown.id} />}
    </div>
  );
};
