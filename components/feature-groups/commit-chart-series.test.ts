import { describe, expect, it } from "vitest";
import type { TCommit } from "@/lib/api/feature-groups";
import { commitChartSeries, hasRowChanges } from "./commit-chart-series";

const commit = (
  version: number,
  rows: Partial<Pick<TCommit, "rowsInserted" | "rowsUpdated" | "rowsDeleted" | "operation">> = {},
): TCommit => ({
  id: `cmt_${version}`,
  version,
  committedAt: new Date(Date.UTC(2026, 0, 1, version)).toISOString(),
  operation: rows.operation ?? "WRITE",
  rowsInserted: rows.rowsInserted ?? 0,
  rowsUpdated: rows.rowsUpdated ?? 0,
  rowsDeleted: rows.rowsDeleted ?? 0,
  jobId: null,
  user: "owner@larder.local",
});

describe("commitChartSeries", () => {
  it("orders commits oldest first and carries their row counts", () => {
    const points = commitChartSeries([
      commit(2, { rowsUpdated: 5, rowsDeleted: 1 }),
      commit(0, { rowsInserted: 100 }),
      commit(1, { rowsInserted: 20, rowsUpdated: 3, operation: "MERGE" }),
    ]);
    expect(points.map((point) => point.label)).toEqual(["v0", "v1", "v2"]);
    expect(points[0]).toMatchObject({ version: 0, inserted: 100, updated: 0, deleted: 0, operation: "WRITE" });
    expect(points[1]).toMatchObject({ inserted: 20, updated: 3, deleted: 0, operation: "MERGE" });
    expect(points[2]).toMatchObject({ inserted: 0, updated: 5, deleted: 1 });
  });

  it("keeps only the most recent commits when there are more than the limit", () => {
    const commits = Array.from({ length: 40 }, (_, version) => commit(version, { rowsInserted: version }));
    const points = commitChartSeries(commits, 30);
    expect(points).toHaveLength(30);
    expect(points[0].version).toBe(10);
    expect(points.at(-1)?.version).toBe(39);
  });

  it("does not reorder the caller's array", () => {
    const commits = [commit(3), commit(1)];
    commitChartSeries(commits);
    expect(commits.map((entry) => entry.version)).toEqual([3, 1]);
  });

  it("clamps negative counts to zero so bars never point downwards", () => {
    expect(commitChartSeries([commit(0, { rowsInserted: -4 })])[0].inserted).toBe(0);
  });
});

describe("hasRowChanges", () => {
  it("is false for no commits and for maintenance-only commits", () => {
    expect(hasRowChanges([])).toBe(false);
    expect(hasRowChanges(commitChartSeries([commit(0, { operation: "OPTIMIZE" })]))).toBe(false);
  });

  it("is true as soon as one commit changed rows", () => {
    expect(
      hasRowChanges(commitChartSeries([commit(0, { operation: "OPTIMIZE" }), commit(1, { rowsDeleted: 2 })])),
    ).toBe(true);
  });
});
