import { describe, expect, it } from "vitest";
import { runOnlineMaterializeBench } from "./online-materialize-bench";
import { expectFiniteFigures } from "./support/expect-figures";

// Keeps the online materialization benchmark from rotting: the same code at a tiny scale. Timings are not
// asserted (the benchmark reports them); every row must arrive in each store.
describe("bench:online (smoke)", () => {
  it("materializes to Redis and PostgreSQL and measures the bare pipeline", async () => {
    const result = await runOnlineMaterializeBench({ rows: 3_000, pgRows: 2_000, redisUrl: process.env.REDIS_URL! });
    expect(result.redis).toMatchObject({ rowsWritten: 3_000, lastKeyReadBack: true });
    expect(result.postgres.rowsWritten).toBe(2_000);
    expect(result.bareRedisPipeline.rows).toBe(3_000);
    expect(result.bareRedisHsetPipeline.rows).toBe(3_000);
    expectFiniteFigures({
      ratioToBarePipeline: result.ratioToBarePipeline,
      ratioToBareHsetPipeline: result.ratioToBareHsetPipeline,
      redisRowsPerSecond: result.redis.rowsPerSecond,
      postgresRowsPerSecond: result.postgres.rowsPerSecond,
    });
  }, 120_000);
});
