import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { PrismaPg } from "@prisma/adapter-pg";
import { createApiKey, revokeApiKey } from "@/server/auth/api-keys";
import { PrismaClient } from "@/server/db/generated/client";
import { createFeatureView } from "@/server/feature-views";
import { createRedisOnlineStore, setOnlineStore } from "@/server/online-store";
import { setUpServingFixture } from "@/test/fixtures/serving-fixture";
import { startTcpProxy, type TTcpProxy } from "@/test/fixtures/tcp-proxy";
import { AUTH_MAX_AGE_MS, createFeatureServer, type TFeatureServer } from "./index";

// The feature server while its registry (PostgreSQL) is unreachable: every registry query of this process goes
// through a TCP proxy that the test cuts (the machine's PostgreSQL keeps running), longer than AUTH_MAX_AGE_MS so
// that cached keys are past their re-validation age. A key and view used before the cut keep answering 200;
// what the server never loaded is a 503 with Retry-After; no response carries driver text; /health says
// "registry unavailable" and stays 200 (degraded) so a load balancer keeps the server; after the proxy is
// restored, unknown keys work again and a revocation takes effect within AUTH_MAX_AGE_MS. Caller input that the
// registry or a store cannot even compare (NUL, absurd nesting) is a 4xx, never a 5xx.

const CUT_MS = AUTH_MAX_AGE_MS + 3_000;
const suffix = randomBytes(4).toString("hex");
const store = createRedisOnlineStore({ url: process.env.REDIS_URL!, keyPrefix: `larder_out_${suffix}` });
// Words that only driver or infrastructure text would contain.
const INTERNAL_TEXT = /prisma|ECONN|postgres|127\.0\.0\.1|terminat|socket|invocation|adapter/i;

type TGlobalPrisma = { larderPrisma?: PrismaClient };
let fixture: Awaited<ReturnType<typeof setUpServingFixture>>;
let proxy: TTcpProxy;
let direct: PrismaClient | undefined;
let proxied: PrismaClient;
let server: TFeatureServer;
let base: string;
let unusedKey: string;

const post = async (path: string, body: unknown, apiKey: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), text: await response.text() };
};
const vectorPath = (view = "risk", project = fixture.project.name) =>
  `/v1/projects/${project}/feature-views/${view}/1/vector`;
const ask = (apiKey = fixture.apiKey, view = "risk") =>
  post(vectorPath(view), { entities: { customer_id: 1 } }, apiKey);

beforeAll(async () => {
  fixture = await setUpServingFixture({ store });
  ({ secret: unusedKey } = await createApiKey({
    ctx: fixture.ctx,
    access: fixture.access,
    name: "never-used-before-the-cut",
    scopes: ["featureData:read"],
  }));
  await createFeatureView({
    ctx: fixture.ctx,
    access: fixture.access,
    input: { name: "regions_only", root: { featureGroup: { name: "regions", version: 1 } } },
  });
  // From here on, every registry query of this process (the feature server's included) goes through the proxy.
  const url = new URL(process.env.DATABASE_URL!);
  proxy = await startTcpProxy({ target: { host: url.hostname, port: Number(url.port || 5432) } });
  proxied = new PrismaClient({ adapter: new PrismaPg({ connectionString: proxy.urlFor(url.toString()), max: 10 }) });
  direct = (globalThis as TGlobalPrisma).larderPrisma;
  (globalThis as TGlobalPrisma).larderPrisma = proxied;
  server = createFeatureServer({ store, maxBatch: 5 });
  base = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`;
});

afterAll(async () => {
  await server?.close();
  (globalThis as TGlobalPrisma).larderPrisma = direct;
  await proxied?.$disconnect();
  await proxy?.close();
  setOnlineStore(undefined);
  await store.close();
  const redis = new Redis(process.env.REDIS_URL!);
  const keys = await redis.keys(`larder_out_${suffix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe("caller input the registry cannot hold is a 4xx, never a 5xx", () => {
  it("NUL in path segments, serving keys and options; JSON nested absurdly deep", async () => {
    const nul = encodeURIComponent("\u0000");
    expect((await post(vectorPath("risk", `x${nul}`), { entities: { customer_id: 1 } }, fixture.apiKey)).status).toBe(
      404,
    );
    expect((await post(vectorPath(`risk${nul}`), { entities: { customer_id: 1 } }, fixture.apiKey)).status).toBe(404);
    const feast = await post(
      "/get-online-features",
      { features: ["risk\u0000:age"], entities: { customer_id: [1] } },
      fixture.apiKey,
    );
    expect([404, 422]).toContain(feast.status);
    const options = await post(
      vectorPath(),
      { entities: { customer_id: 1 }, options: { trainingDataset: { name: "risk\u0000", version: 1 } } },
      fixture.apiKey,
    );
    expect(options.status).toBe(422);
    // A string serving key with NUL: no online store holds such a key (PostgreSQL text cannot).
    const stringKey = await post(vectorPath("regions_only"), { entities: { region_id: "r1\u0000" } }, fixture.apiKey);
    expect(stringKey.status).toBe(422);
    expect(stringKey.text).toMatch(/entities\.region_id/);
    const deep = `{"entities":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    expect((await post(vectorPath(), deep, fixture.apiKey)).status).toBe(400);
    const deepFeast = `{"entities":{"customer_id":${"[".repeat(50_000)}${"]".repeat(50_000)}}}`;
    expect((await post("/get-online-features", deepFeast, fixture.apiKey)).status).toBe(400);
  });
});

describe("a registry outage", () => {
  it("serves cached keys and views throughout, 503 + Retry-After for the unknown, and recovers", async () => {
    // Loaded before the cut: this key and the `risk` view (not `boost`, not `unusedKey`).
    expect((await ask()).status).toBe(200);
    expect((await fetch(`${base}/health`)).status).toBe(200);

    proxy.cut({ mode: "reset" });
    const cutAt = Date.now();
    const statuses = new Map<number, number>();
    let unknownKey: Awaited<ReturnType<typeof post>> | undefined;
    let unknownView: Awaited<ReturnType<typeof post>> | undefined;
    let health: { status: number; body: string } | undefined;
    while (Date.now() - cutAt < CUT_MS) {
      const answer = await ask();
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status !== 200) throw new Error(`cached key and view answered ${answer.status}: ${answer.text}`);
      if (!unknownKey && Date.now() - cutAt > 1_000) {
        unknownKey = await ask(unusedKey);
        unknownView = await ask(fixture.apiKey, "boost");
        const response = await fetch(`${base}/health`);
        health = { status: response.status, body: await response.text() };
      }
      await sleep(25);
    }
    proxy.restore();

    expect(statuses.get(200)).toBeGreaterThan(10);
    expect([...statuses.keys()]).toEqual([200]);
    for (const answer of [unknownKey!, unknownView!]) {
      expect(answer.status).toBe(503);
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      expect(JSON.parse(answer.text).detail).toMatch(/registry is unavailable/);
      expect(answer.text).not.toMatch(INTERNAL_TEXT);
    }
    expect(health!.status).toBe(200);
    expect(JSON.parse(health!.body)).toMatchObject({ status: "degraded", registry: { status: "unavailable" } });
    expect(health!.body).not.toMatch(INTERNAL_TEXT);

    // Back: the never-seen key and view load; /health is ok again.
    const restoredAt = Date.now();
    let recovered = await ask(unusedKey);
    while (recovered.status !== 200 && Date.now() - restoredAt < 20_000) {
      await sleep(200);
      recovered = await ask(unusedKey);
    }
    expect(recovered.status, recovered.text).toBe(200);
    expect((await ask(fixture.apiKey, "boost")).status).not.toBe(503);
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ status: "ok", registry: { status: "ok" } });

    // Revocation still holds once the registry answers: within AUTH_MAX_AGE_MS (+ slack for a loaded machine).
    await revokeApiKey({ ctx: fixture.ctx, access: fixture.access, apiKeyId: fixture.apiKeyId });
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < AUTH_MAX_AGE_MS + 5_000) {
      status = (await ask()).status;
      if (status === 200) await sleep(100);
    }
    expect(status).toBe(401);
  });
});
