import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDeltaTable, type TFeatureColumn, writeCommit } from "../offline";
import { makeTempDir } from "@/test/fixtures/offline-tables";
import { materializeFeatureView } from "./materialize";
import { starPlan } from "@/test/fixtures/star-plan";

// Long work can be cancelled: a training dataset aborted while DuckDB is joining stops promptly and leaves
// neither the dataset directory nor its temp directory behind.

const groupSql = (index: number, rows: number) =>
  `SELECT range % 5000 AS entity_id, to_timestamp(1767225600 + ${index * 60} + (range // 5000) * 3600) AS event_time, CAST(hash(range, ${index}) % 1000 AS DOUBLE) AS f${index} FROM range(${rows})`;

describe("cancelling a training dataset", () => {
  it("stops the join when aborted and leaves no files", async () => {
    const dir = await makeTempDir();
    const groups = [];
    for (const index of [0, 1, 2]) {
      const tablePath = path.join(dir, `g${index}`);
      const schema: TFeatureColumn[] = [
        { name: "entity_id", type: "bigint" },
        { name: "event_time", type: "timestamp" },
        { name: `f${index}`, type: "double" },
      ];
      await createDeltaTable({ tablePath, schema, primaryKey: ["entity_id"], eventTime: "event_time" });
      await writeCommit({ tablePath, mode: "append", sourceSql: groupSql(index, 2_000_000) });
      groups.push({ tablePath, schema });
    }
    const { plan, sources: pinned } = starPlan(groups);
    const outDir = path.join(dir, "datasets", "cancelled");
    const controller = new AbortController();
    let abortedAt = 0;
    const run = materializeFeatureView({
      plan,
      sources: pinned,
      spine: { kind: "root" },
      split: { type: "random", train: 0.8, validation: 0, test: 0.2, seed: 1 },
      format: "parquet",
      outDir,
      signal: controller.signal,
      progress: (fraction) => {
        // Abort once the join has started running in DuckDB.
        if (fraction <= 0.05 && !abortedAt)
          setTimeout(
            () => ((abortedAt = performance.now()), controller.abort(new Error("cancelled by the user"))),
            150,
          );
      },
    });
    // DuckDB interrupted the join itself: the error is its interrupt, not the abort reason thrown once a join
    // that ran to its end came back (as it would if the abort did not reach the connection).
    await expect(run).rejects.toThrow(/interrupt/i);
    expect(abortedAt).toBeGreaterThan(0);
    expect(existsSync(outDir)).toBe(false);
    expect(existsSync(path.join(dir, "datasets")) ? readdirSync(path.join(dir, "datasets")) : []).toEqual([]);
  }, 120_000);
});
