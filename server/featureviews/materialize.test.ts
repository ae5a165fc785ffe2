import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDeltaTable, writeCommit } from "../offline";
import { makeTempDir } from "../offline/test-support";
import { materializeFeatureView, type TPinnedSource } from "./materialize";
import type { TFeatureViewPlan, TPlanSource } from "./plan";

// Long work can be cancelled: a training dataset aborted while DuckDB is joining stops promptly and leaves
// neither the dataset directory nor its temp directory behind.

const groupSql = (index: number, rows: number) =>
  `SELECT range % 5000 AS entity_id, to_timestamp(1767225600 + ${index * 60} + (range // 5000) * 3600) AS event_time, CAST(hash(range, ${index}) % 1000 AS DOUBLE) AS f${index} FROM range(${rows})`;

describe("cancelling a training dataset", () => {
  it("stops the join when aborted and leaves no files", async () => {
    const dir = await makeTempDir();
    const pinned = new Map<string, TPinnedSource>();
    const sources: TPlanSource[] = [];
    for (const index of [0, 1, 2]) {
      const tablePath = path.join(dir, `g${index}`);
      await createDeltaTable({ tablePath, schema: [{ name: "entity_id", type: "bigint" }, { name: "event_time", type: "timestamp" }, { name: `f${index}`, type: "double" }], primaryKey: ["entity_id"], eventTime: "event_time" });
      await writeCommit({ tablePath, mode: "append", sourceSql: groupSql(index, 2_000_000) });
      pinned.set(`g${index}`, { tablePath, version: 1 });
      sources.push({
        alias: `g${index}`,
        role: index === 0 ? "root" : "join",
        featureGroupId: `fg_${index}`,
        name: `g${index}`,
        version: 1,
        primaryKey: ["entity_id"],
        eventTime: { column: "event_time", type: "timestamp" },
        ttlSeconds: null,
        left: index === 0 ? null : "g0",
        leftOn: index === 0 ? [] : ["entity_id"],
        rightOn: index === 0 ? [] : ["entity_id"],
        prefix: "",
        columns: [...(index === 0 ? [{ source: "entity_id", output: "entity_id", type: "bigint" as const }, { source: "event_time", output: "event_time", type: "timestamp" as const }] : []), { source: `f${index}`, output: `f${index}`, type: "double" as const }],
      });
    }
    const plan: TFeatureViewPlan = { sources, servingKeys: [{ name: "entity_id", type: "bigint", alias: "g0" }], labels: [], onDemand: [], transformations: [], requestParameters: [], trainingHelperColumns: [], inferenceHelperColumns: [], featureTypes: [["entity_id", "bigint"], ["event_time", "timestamp"], ["f0", "double"], ["f1", "double"], ["f2", "double"]] };
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
        if (fraction <= 0.05 && !abortedAt) setTimeout(() => ((abortedAt = performance.now()), controller.abort(new Error("cancelled by the user"))), 150);
      },
    });
    await expect(run).rejects.toThrow();
    expect(abortedAt).toBeGreaterThan(0);
    // It stopped promptly (a full run of this join takes several seconds).
    expect(performance.now() - abortedAt).toBeLessThan(1_500);
    expect(existsSync(outDir)).toBe(false);
    expect(existsSync(path.join(dir, "datasets")) ? readdirSync(path.join(dir, "datasets")) : []).toEqual([]);
  }, 120_000);
});
