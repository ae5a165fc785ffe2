import { describe, expect, it } from "vitest";
import { createFeatureServer } from "../server/serving";
import { createServingRecorder } from "../server/serving/observability";
import { setUpServingBench } from "./serving-bench";
import { runNodeLoad } from "./serving-logging-bench";

// Keeps bench:serving-logging from rotting, in seconds: the bench's view at a tiny scale, the feature server
// in-process with logging on for every vector, one short run of the bench's own load generator. Latencies are
// reported by the benchmark, not asserted here; every request must succeed and every vector must be staged.
const ENTITIES = 200;

describe("bench:serving-logging (smoke)", () => {
  it("drives the feature server with logging on and stages every served vector", async () => {
    const setup = await setUpServingBench({
      entities: ENTITIES,
      kind: "redis",
      redisUrl: process.env.REDIS_URL!,
      databaseUrl: process.env.DATABASE_URL!,
    });
    const { db } = await import("../server/db/client");
    const { getOnlineStore } = await import("../server/online-store");
    const view = await db.featureView.findFirstOrThrow({
      where: { project: { name: setup.projectName }, name: "bench", version: 1 },
    });
    await db.featureView.update({ where: { id: view.id }, data: { servedVectorLogRate: 1 } });
    const recorder = createServingRecorder({ flushIntervalMs: 3_600_000, queueJobs: false });
    const server = createFeatureServer({ store: getOnlineStore(), recorder });
    const port = await server.listen(0, "127.0.0.1");
    try {
      const result = await runNodeLoad({
        url: `http://127.0.0.1:${port}${setup.vectorPath(1)}`,
        apiKey: setup.apiKey,
        body: (request) => `{"entities":{"entity_id":${1 + (request % ENTITIES)}}}`,
        connections: 2,
        seconds: 2,
      });
      expect(result.non2xx).toBe(0);
      expect(result.requests).toBeGreaterThan(0);
      expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
      await recorder.flush();
      expect(await db.servedVectorLog.count({ where: { featureViewId: view.id } })).toBe(result.requests);
    } finally {
      await server.close();
      await setup.cleanup();
    }
  }, 120_000);
});
