import type { TCommit } from "@/lib/api/feature-groups";

// Turns a feature group's commits into the series of the Activity chart: one bar group per commit, oldest
// first, with rows inserted, updated and deleted. Pure, so it is tested without a browser.

export type TCommitChartPoint = {
  label: string;
  version: number;
  committedAt: string;
  operation: string;
  inserted: number;
  updated: number;
  deleted: number;
};

export const COMMIT_SERIES = [
  { key: "inserted", label: "Inserted", color: "#23704c" },
  { key: "updated", label: "Updated", color: "#0284c7" },
  { key: "deleted", label: "Deleted", color: "#dc2626" },
] as const;

/** At most `limit` of the most recent commits, ordered by version ascending so time runs left to right. */
export const commitChartSeries = (commits: readonly TCommit[], limit = 30): TCommitChartPoint[] =>
  [...commits]
    .sort((left, right) => left.version - right.version)
    .slice(-limit)
    .map((commit) => ({
      label: `v${commit.version}`,
      version: commit.version,
      committedAt: commit.committedAt,
      operation: commit.operation,
      inserted: Math.max(0, commit.rowsInserted),
      updated: Math.max(0, commit.rowsUpdated),
      deleted: Math.max(0, commit.rowsDeleted),
    }));

/** Whether any commit changed rows at all (maintenance-only history has nothing to chart). */
export const hasRowChanges = (points: readonly TCommitChartPoint[]): boolean =>
  points.some((point) => point.inserted + point.updated + point.deleted > 0);
