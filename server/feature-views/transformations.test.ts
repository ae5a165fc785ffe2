import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDeltaTable, queryJsonRows, quoteLiteral, withDuckDb, writeCommit } from "../offline";
import { makeTempDir } from "@/test/fixtures/offline-tables";
import { starPlan } from "@/test/fixtures/star-plan";
import { materializeFeatureView } from "./materialize";
import { fitTransformations } from "./transformations";
import { featureList } from "@/test/fixtures/test-project";

// Re-creating a dataset must give bit-identical statistics, whatever order the joined rows landed in.

describe("fitting transformations", () => {
  it("gives bit-identical mean and standard deviation for the same rows stored in different orders", async () => {
    const fit = (order: string) =>
      withDuckDb({ threads: 2 }, async (connection) => {
        // 400 k rows (several row groups, so both threads aggregate) of values spanning many magnitudes.
        await connection.run(
          `CREATE TEMP TABLE rows AS SELECT range AS _larder_row, (hash(range) % 1000003) * pow(10, (hash(range, 7) % 12)::INT - 6) AS x FROM range(400000) ORDER BY ${order}`,
        );
        return fitTransformations({
          connection,
          relation: "rows",
          where: "TRUE",
          transformations: [{ feature: "x", type: "standard_scaler" }],
          orderBy: "_larder_row",
        });
      });
    const inOrder = await fit("_larder_row");
    const shuffled = await fit("hash(_larder_row, 3)");
    const reversed = await fit("_larder_row DESC");
    expect(inOrder.x).toMatchObject({ type: "standard_scaler" });
    expect((inOrder.x as { mean: number }).mean).toBeGreaterThan(0);
    expect(shuffled).toEqual(inOrder);
    expect(reversed).toEqual(inOrder);
  });

  it("fits the standard scaler to the same bits as avg and stddev_pop where those do not overflow", async () => {
    await withDuckDb({ threads: 1 }, async (connection) => {
      await connection.run(
        "CREATE TEMP TABLE rows AS SELECT range AS _larder_row, (hash(range) % 1000003) * pow(10, (hash(range, 7) % 12)::INT - 6) AS x FROM range(100000)",
      );
      const fitted = await fitTransformations({
        connection,
        relation: "rows",
        where: "TRUE",
        transformations: [{ feature: "x", type: "standard_scaler" }],
        orderBy: "_larder_row",
      });
      const [plain] = await queryJsonRows(
        connection,
        "SELECT avg(x) AS mean, stddev_pop(x) AS std FROM (SELECT x FROM rows ORDER BY _larder_row)",
      );
      expect(fitted.x).toEqual({ type: "standard_scaler", mean: plain.mean, std: plain.std });
    });
  });

  it("trains with a standard scaler on values near 1e300 and scales them to finite values, as the feature server does", async () => {
    const dir = await makeTempDir();
    const tablePath = path.join(dir, "g");
    const schema = featureList({ entity_id: "bigint", event_time: "timestamp", x: "double" });
    await createDeltaTable({ tablePath, schema, primaryKey: ["entity_id"], eventTime: "event_time" });
    const values = [1e300, 2e300, 3e300, -1e300, 1.7e308, -1.7e308, null];
    await writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: `SELECT * FROM (VALUES ${values.map((x, i) => `(${i}, TIMESTAMPTZ '2026-01-01 00:00:00+00', CAST(${x === null ? "NULL" : quoteLiteral(String(x))} AS DOUBLE))`).join(", ")}) v(entity_id, event_time, x)`,
    });
    const { plan, sources } = starPlan([{ tablePath, schema }]);
    plan.transformations = [{ feature: "x", type: "standard_scaler" }];
    const result = await materializeFeatureView({
      plan,
      sources,
      spine: { kind: "root" },
      split: { type: "none" },
      format: "parquet",
      outDir: path.join(dir, "out"),
    });
    const statistics = result.statistics.x as { type: string; mean: number; std: number };
    const present = values.filter((x): x is number => x !== null);
    const mean = present.reduce((sum, x) => sum + x / 2 ** 1000, 0) / present.length;
    const variance = present.reduce((sum, x) => sum + (x / 2 ** 1000 - mean) ** 2, 0) / present.length;
    expect(statistics.mean / 2 ** 1000).toBeCloseTo(mean, 10);
    expect(statistics.std / 2 ** 1000).toBeCloseTo(Math.sqrt(variance), 10);
    const rows = await withDuckDb(undefined, (connection) =>
      queryJsonRows(
        connection,
        `SELECT entity_id, x FROM read_parquet(${quoteLiteral(result.splits[0].path)}) ORDER BY entity_id`,
      ),
    );
    // The feature server's formula (serving/transform.ts): (x − mean) / std, null when not finite.
    const online = (x: number | null) => {
      const scaled = x === null ? null : (x - statistics.mean) / statistics.std;
      return scaled !== null && Number.isFinite(scaled) ? scaled : null;
    };
    rows.forEach((row, index) => {
      const scaled = row.x as number | null;
      expect(scaled === null || Number.isFinite(scaled)).toBe(true);
      expect(online(values[index])).toBe(scaled);
    });
    expect(rows.map((row) => row.x === null)).toEqual([false, false, false, false, false, false, true]);
  });
});
