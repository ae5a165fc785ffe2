import type { TStatistics, TStatisticsHistory } from "@/lib/api/statistics";
import { apiFetch, projectPath, type TVersionRef } from "./api";

// Typed calls to the statistics API (docs/statistics.md) and their react-query keys (below the feature group's and
// the dataset's keys, so invalidating those refreshes these).

export const statisticsKeys = {
  group: ({ project, name, version }: TVersionRef, commit: number | null) =>
    ["projects", project, "feature-groups", name, version, "statistics", commit] as const,
  history: ({ project, name, version }: TVersionRef) =>
    ["projects", project, "feature-groups", name, version, "statistics-history"] as const,
  dataset: ({ project, name, version }: TVersionRef) =>
    ["projects", project, "training-datasets", name, version, "statistics"] as const,
};

const groupPath = ({ project, name, version }: TVersionRef, rest: string) =>
  projectPath(project, `/feature-groups/${encodeURIComponent(name)}/${version}${rest}`);

export const fetchGroupStatistics = (ref: TVersionRef, commit: number | null) =>
  apiFetch<TStatistics>(groupPath(ref, `/statistics${commit === null ? "" : `?commit=${commit}`}`));

export const fetchStatisticsHistory = (ref: TVersionRef) =>
  apiFetch<TStatisticsHistory>(groupPath(ref, "/statistics/history"));

export const fetchDatasetStatistics = ({ project, name, version }: TVersionRef) =>
  apiFetch<{ splits: TStatistics[] }>(
    projectPath(project, `/training-datasets/${encodeURIComponent(name)}/${version}/statistics`),
  );
