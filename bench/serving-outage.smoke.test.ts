import { describe, expect, it } from "vitest";
import { runServingOutage } from "./serving-outage-bench";

// Keeps bench:serving-outage from rotting: the same run at a tiny scale (a 7 s outage, past the 5 s key
// re-validation age, in the harder "blackhole" mode where the registry accepts connections and never answers).
// States, not timings: no cached request fails before, during or after; the unknown key is 503 with Retry-After
// during the outage; /health is degraded, not down; the registry is reachable again after the restore.

describe("bench:serving-outage (smoke)", () => {
  it("serves a cached key and view through a registry outage", async () => {
    const result = await runServingOutage({
      databaseUrl: process.env.DATABASE_URL!,
      redisUrl: process.env.REDIS_URL!,
      entities: 100,
      mode: "blackhole",
      outageSeconds: 7,
      phaseSeconds: 1,
      concurrency: 2,
    });
    for (const phase of ["before", "during", "after"] as const) {
      expect(result.cached[phase].requests, phase).toBeGreaterThan(0);
      expect(result.cached[phase].failed, `${phase}: ${JSON.stringify(result.cached[phase].statuses)}`).toBe(0);
    }
    expect(Object.keys(result.uncachedKeyDuringOutage.statuses)).toEqual(["503"]);
    expect(Number(result.uncachedKeyDuringOutage.retryAfter)).toBeGreaterThan(0);
    expect(result.healthDuringOutage).toMatchObject({ status: 200, body: { registry: { status: "unavailable" } } });
    expect(result.secondsUntilRegistryReachable).not.toBeNull();
  }, 180_000);
});
