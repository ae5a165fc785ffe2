"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { BarChart3 } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import type { TVersionRef } from "@/lib/client/api";
import { fetchDatasetStatistics, statisticsKeys } from "@/lib/client/statistics";
import { StatisticsGrid } from "./statistics-grid";

/** A training dataset's Statistics tab: each split's statistics, one split at a time, compared with another. */
export const DatasetStatistics = (ref: TVersionRef) => {
  const query = useQuery({ queryKey: statisticsKeys.dataset(ref), queryFn: () => fetchDatasetStatistics(ref) });
  const [split, setSplit] = useState<string | null>(null);
  const [comparedSplit, setComparedSplit] = useState<string | null>(null);
  if (query.isPending) return <TableSkeleton label="Loading statistics" />;
  if (query.isError)
    return <ErrorState error={query.error} onRetry={() => query.refetch()} title="Could not load statistics" />;
  const splits = query.data.splits;
  if (splits.length === 0)
    return (
      <EmptyState
        icon={BarChart3}
        title="No statistics yet"
        description="Each split is described by a statistics job queued when the dataset is written."
      />
    );
  const shown = splits.find((candidate) => candidate.split === split) ?? splits[0];
  const compared = splits.find((candidate) => candidate.split === comparedSplit && candidate !== shown);
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-end gap-4">
        <label className="grid gap-1 text-sm text-slate-700">
          Split
          <Select className="h-8 w-auto" value={shown.split ?? ""} onValueChange={setSplit}>
            {splits.map((candidate) => (
              <option key={candidate.split}>{candidate.split}</option>
            ))}
          </Select>
        </label>
        <label className="grid gap-1 text-sm text-slate-700">
          Compare with split …
          <Select
            className="h-8 w-auto"
            value={comparedSplit ?? ""}
            onValueChange={(value) => setComparedSplit(value || null)}
          >
            <option value="">No comparison</option>
            {splits
              .filter((candidate) => candidate !== shown)
              .map((candidate) => (
                <option key={candidate.split}>{candidate.split}</option>
              ))}
          </Select>
        </label>
      </div>
      <StatisticsGrid
        statistics={shown}
        compared={compared}
        currentLabel={shown.split ?? "split"}
        otherLabel={compared?.split ?? undefined}
      />
    </div>
  );
};
