"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { BarChart3 } from "lucide-react";
import { CardBody, Section } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ApiError, type TVersionRef } from "@/lib/client/api";
import { fetchGroupStatistics, fetchStatisticsHistory, statisticsKeys } from "@/lib/client/statistics";
import { HistoryChart } from "./history-chart";
import { StatisticsGrid } from "./statistics-grid";

const isMissing = (error: unknown) => error instanceof ApiError && error.status === 404;

/** A feature group's Statistics tab: a commit's statistics, a comparison with another commit, a feature's history. */
export const StatisticsTab = (ref: TVersionRef) => {
  const [commit, setCommit] = useState<number | null>(null);
  const [comparedCommit, setComparedCommit] = useState<number | null>(null);
  const [historyFeature, setHistoryFeature] = useState<string | null>(null);
  const history = useQuery({ queryKey: statisticsKeys.history(ref), queryFn: () => fetchStatisticsHistory(ref) });
  const current = useQuery({
    queryKey: statisticsKeys.group(ref, commit),
    queryFn: () => fetchGroupStatistics(ref, commit),
    retry: (count, error) => !isMissing(error) && count < 2,
  });
  const compared = useQuery({
    queryKey: statisticsKeys.group(ref, comparedCommit),
    queryFn: () => fetchGroupStatistics(ref, comparedCommit),
    enabled: comparedCommit !== null,
  });
  if (current.isPending) return <TableSkeleton label="Loading statistics" />;
  if (current.isError)
    return isMissing(current.error) ? (
      <EmptyState
        icon={BarChart3}
        title="No statistics yet"
        description="Statistics are computed by a job after every commit. Load data into this group and they appear here."
      />
    ) : (
      <ErrorState error={current.error} onRetry={() => current.refetch()} title="Could not load statistics" />
    );
  const commits = [...(history.data?.points ?? [])].map((point) => point.commit).sort((a, b) => b - a);
  const shownCommit = current.data.commit;
  const features = current.data.statistics.features.map((feature) => feature.name);
  const lineFeature =
    historyFeature ??
    features.find((name) => current.data.statistics.features.find((f) => f.name === name && "mean" in f)) ??
    features[0];
  const commitLabel = (value: number | null) => `commit ${value}`;
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-end gap-4">
        <label className="grid gap-1 text-sm text-slate-700">
          Commit
          <Select
            className="h-8 w-auto"
            value={commit === null ? "" : String(commit)}
            onValueChange={(value) => setCommit(value === "" ? null : Number(value))}
          >
            <option value="">Latest ({commitLabel(commits[0] ?? shownCommit)})</option>
            {commits.map((value) => (
              <option key={value} value={value}>
                {commitLabel(value)}
              </option>
            ))}
          </Select>
        </label>
        <label className="grid gap-1 text-sm text-slate-700">
          Compare with commit …
          <Select
            className="h-8 w-auto"
            value={comparedCommit === null ? "" : String(comparedCommit)}
            onValueChange={(value) => setComparedCommit(value === "" ? null : Number(value))}
          >
            <option value="">No comparison</option>
            {commits
              .filter((value) => value !== shownCommit)
              .map((value) => (
                <option key={value} value={value}>
                  {commitLabel(value)}
                </option>
              ))}
          </Select>
        </label>
      </div>
      <StatisticsGrid
        statistics={current.data}
        compared={comparedCommit !== null ? compared.data : undefined}
        currentLabel={commitLabel(shownCommit)}
        otherLabel={comparedCommit !== null ? commitLabel(comparedCommit) : undefined}
      />
      {history.data && history.data.points.length > 0 && lineFeature && (
        <Section
          id="statistics-history-title"
          title="Across commits"
          description="A feature's mean and null ratio in each commit's statistics."
          actions={
            <Select
              aria-label="Feature"
              className="h-8 w-auto font-mono text-xs"
              value={lineFeature}
              onValueChange={setHistoryFeature}
            >
              {features.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </Select>
          }
        >
          <CardBody>
            <HistoryChart history={history.data} feature={lineFeature} />
          </CardBody>
        </Section>
      )}
    </div>
  );
};
