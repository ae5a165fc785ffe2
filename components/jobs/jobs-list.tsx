"use client";

import { ListChecks } from "lucide-react";
import { FilterBar, type TFilterChoice } from "@/components/ui/filter-bar";
import { ListCard, ListFooter } from "@/components/ui/list-page";
import type { TEmpty, TNoMatch } from "@/components/ui/list-states";
import type { TJobFilters } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";
import { JobsTable } from "./jobs-table";
import { useLiveJobs } from "./use-live-jobs";

type TJobFilterBar<TFilters extends TJobFilters> = {
  choices: TFilterChoice<TFilters>[];
  onChange: (next: TFilters) => void;
};

/**
 * Job executions with live progress (the jobs page, a feature group's Jobs tab): the four list states, the jobs
 * table and "Load older jobs". With `filterBar` the bar is always shown and says when the list is refreshing.
 */
export const JobsList = <TFilters extends TJobFilters>({
  project,
  filters,
  filterBar,
  noMatch,
  empty,
  loadingRows,
  isCounted = false,
  showFeatureGroup = true,
}: {
  project: string;
  filters: TFilters;
  filterBar?: TJobFilterBar<TFilters>;
  noMatch?: TNoMatch | false;
  /** The empty state; its icon is the jobs icon. */
  empty: Omit<TEmpty, "icon">;
  loadingRows?: number;
  /** Say "Showing N jobs" under the list. */
  isCounted?: boolean;
  showFeatureGroup?: boolean;
}) => {
  const { query, jobs } = useLiveJobs({ project, filters });
  return (
    <ListCard
      query={query}
      items={jobs}
      loading={{ label: "Loading jobs", columns: 6, rows: loadingRows }}
      isFilterBarAlwaysShown
      filters={
        filterBar && (
          <FilterBar filters={filters} onChange={filterBar.onChange} choices={filterBar.choices}>
            {query.isFetching && !query.isPending && (
              <span className="ml-auto text-xs text-slate-500">Refreshing…</span>
            )}
          </FilterBar>
        )
      }
      noMatch={noMatch}
      empty={{ icon: ListChecks, ...empty }}
    >
      {(shown) => (
        <>
          <JobsTable project={project} jobs={shown} showFeatureGroup={showFeatureGroup} />
          <ListFooter
            summary={isCounted ? `Showing ${pluralize(shown.length, "job")}` : undefined}
            more={query}
            moreLabel="Load older jobs"
          />
        </>
      )}
    </ListCard>
  );
};
