import { describe, expect, it } from "vitest";
import { createFeatureServer } from "../server/serving";
import { startFloorServer } from "./serving-floor";
import { setUpServingBench } from "./serving-bench";

// Keeps bench:serving from rotting, in seconds and without wrk: the same setup (three online groups, 20 features)
// at a tiny scale, the feature server and the floor in-process, 200 requests each with fetch. Latencies are
// reported by the benchmark, not asserted here; every answer must be a COMPLETE vector of 20 values.
const ENTITIES = 500;
const REQUESTS = 200;

describe("bench:serving (smoke)", () => {
  it("serves vectors of the bench view and the floor answers the same requests", async () => {
    const setup = await setUpServingBench({
      entities: ENTITIES,
      kind: "redis",
      redisUrl: process.env.REDIS_URL!,
      databaseUrl: process.env.DATABASE_URL!,
    });
    const { getOnlineStore } = await import("../server/online-store");
    const server = createFeatureServer({ store: getOnlineStore() });
    const port = await server.listen(0, "127.0.0.1");
    const floor = await startFloorServer({ config: setup.floor });
    try {
      for (let i = 0; i < REQUESTS; i += 1) {
        const body = JSON.stringify({ entities: { entity_id: 1 + ((i * 37) % ENTITIES) } });
        const response = await fetch(`http://127.0.0.1:${port}${setup.vectorPath(1)}`, {
          method: "POST",
          headers: { authorization: `Bearer ${setup.apiKey}`, "content-type": "application/json" },
          body,
        });
        const json = await response.json();
        expect(response.status, JSON.stringify(json)).toBe(200);
        expect(json.status).toBe("COMPLETE");
        expect(json.vector).toHaveLength(20);
        const floorResponse = await fetch(`http://127.0.0.1:${floor.port}/`, { method: "POST", body });
        expect(floorResponse.status).toBe(200);
        await floorResponse.text();
      }
      const batch = await fetch(`http://127.0.0.1:${port}${setup.vectorPath(100)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${setup.apiKey}` },
        body: JSON.stringify({ entities: Array.from({ length: 100 }, (_, i) => ({ entity_id: i + 1 })) }),
      });
      const { vectors } = await batch.json();
      expect(vectors.map((v: { status: string }) => v.status)).toEqual(Array(100).fill("COMPLETE"));
    } finally {
      await server.close();
      await floor.close();
      await setup.cleanup();
    }
  }, 120_000);
});
