import { setTimeout as sleep } from "node:timers/promises";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Redis } from "ioredis";
import * as vectorRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/vector/route";
import { createApiKey, revokeApiKey } from "@/server/auth/api-keys";
import { db } from "@/server/db/client";
import { queryJsonRows, quoteLiteral, withDuckDb } from "@/server/offline";
import { setOnlineStore, toOnlineGroup } from "@/server/online-store";
import { callRoute } from "@/test/helpers";
import { AUTH_MAX_AGE_MS, createFeatureServer, type TFeatureServer } from "./index";
import { createOtherProjectKey, DAY, setUpServingFixture, TTL_DAYS } from "@/test/fixtures/serving-fixture";
import { onlineStoresForTest } from "@/test/fixtures/online-stores";

// The feature server over HTTP, once per online store: vectors (COMPLETE / MISSING / TTL, snowflake stages,
// transformations, on-demand), batches, Feast's request and response, auth (401, revocation within the cache
// window, another project's key → 404, 403 without featureData:read), every bad input, /metrics and /health,
// the console route, and training/serving identity against a real training dataset.

const suffix = randomBytes(4).toString("hex");
const { stores, dropAll } = onlineStoresForTest("sv");
afterAll(dropAll);

/** Same value, as a model would see it: numbers to 1e-9 relative, timestamps as instants, bigint as text. */
const sameValue = (a: unknown, b: unknown): boolean => {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === "number" || typeof b === "number")
    return Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(1, Math.abs(Number(a)));
  const instant = (value: unknown) =>
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}[T ]\d/.test(value)
      ? Date.parse(value.replace(" ", "T").replace(/\+00(:00)?$/, "Z"))
      : Number.NaN;
  if (!Number.isNaN(instant(a)) && !Number.isNaN(instant(b))) return instant(a) === instant(b);
  return String(a) === String(b);
};

describe.each(stores)("feature server (%s online store)", (kind, makeStore) => {
  const store = makeStore();
  let fixture: Awaited<ReturnType<typeof setUpServingFixture>>;
  let other: Awaited<ReturnType<typeof createOtherProjectKey>>;
  let server: TFeatureServer;
  let base: string;
  const now = Date.now();

  beforeAll(async () => {
    fixture = await setUpServingFixture({ store, now });
    other = await createOtherProjectKey();
    server = createFeatureServer({ store, maxBatch: 5 });
    base = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`;
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  const post = async (
    path: string,
    body: unknown,
    {
      apiKey = fixture.apiKey,
      headers = {} as Record<string, string>,
      raw,
    }: { apiKey?: string | null; headers?: Record<string, string>; raw?: string } = {},
  ) => {
    const response = await fetch(`${base}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        ...headers,
      },
      body: raw ?? JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      json: text ? JSON.parse(text) : null,
    };
  };
  const vectorPath = (view = "risk", version = 1, suffixPath = "vector") =>
    `/v1/projects/${fixture.project.name}/feature-views/${view}/${version}/${suffixPath}`;

  it("serves a COMPLETE vector across a star and a snowflake join, transformed, with metadata", async () => {
    const { status, json } = await post(vectorPath(), {
      entities: { customer_id: 1 },
      options: { includeMetadata: true },
    });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.status).toBe("COMPLETE");
    const names = json.features.map((f: { name: string }) => f.name);
    expect(names).toEqual([
      "customer_id",
      "age",
      "segment_a",
      "segment_b",
      "segment_c",
      "balance",
      "updated_at",
      "score",
      "region_id",
      "region_risk",
      "balance_per_age",
      "hour",
    ]);
    const value = (name: string) => json.vector[names.indexOf(name)];
    expect(value("customer_id")).toBe("1");
    expect([value("segment_a"), value("segment_b"), value("segment_c")]).toEqual([0, 1, 0]);
    expect(value("region_risk")).toBe(0.7);
    expect(value("balance_per_age")).toBeCloseTo(150.5 / 31, 12);
    expect(json.featureGroups.map((g: { name: string; status: string }) => [g.name, g.status])).toEqual([
      ["customers", "PRESENT"],
      ["accounts", "PRESENT"],
      ["regions", "PRESENT"],
    ]);
    expect(Date.parse(json.featureGroups[0].eventTime)).toBe(now - 2 * DAY + 123);
    expect(json.trainingDataset).toEqual({ name: "risk", version: 1 });
  });

  it("matches the training dataset feature by feature (training/serving identity)", async () => {
    const dataset = await db.trainingDataset.findFirstOrThrow({
      where: { id: fixture.trainingDataset.id },
      include: { splits: true },
    });
    const rows = await withDuckDb(undefined, (connection) =>
      queryJsonRows(
        connection,
        `SELECT * FROM read_parquet(${quoteLiteral(dataset.splits[0].path)}) WHERE customer_id = 1 ORDER BY updated_at DESC LIMIT 1`,
      ),
    );
    const { json } = await post(vectorPath(), { entities: { customer_id: "1" }, options: { includeMetadata: true } });
    const columns = (dataset.columns as { name: string }[]).map((c) => c.name).filter((name) => name !== "churned");
    expect(json.features.map((f: { name: string }) => f.name)).toEqual(columns);
    columns.forEach((name, index) =>
      expect(
        sameValue(json.vector[index], rows[0][name]),
        `${name}: served ${JSON.stringify(json.vector[index])}, trained ${JSON.stringify(rows[0][name])}`,
      ).toBe(true),
    );
  });

  it("answers MISSING for an unknown entity and for a row past its TTL, and keeps batch order", async () => {
    const customers = toOnlineGroup(
      await db.featureGroup.findFirstOrThrow({
        where: { projectId: fixture.project.id, name: "customers" },
        include: { features: { orderBy: { position: "asc" } } },
      }),
    );
    await store.upsertRows({
      group: customers,
      rows: [{ key: ["77"], eventTimeUs: (now - (TTL_DAYS + 5) * DAY) * 1000, values: ["40", "a", "10.0", "false"] }],
    });
    const missing = await post(vectorPath(), { entities: { customer_id: 999 } });
    expect(missing.json.status).toBe("MISSING");
    expect(missing.json.vector[0]).toBe("999");
    expect(missing.json.featureGroups.map((g: { status: string }) => g.status)).toEqual([
      "NOT_FOUND",
      "NOT_FOUND",
      "NOT_FOUND",
    ]);
    const expired = await post(vectorPath(), { entities: { customer_id: 77 } });
    expect(expired.json.status).toBe("MISSING");
    // PostgreSQL keeps the expired row (reported as such); Redis has already evicted it (PEXPIREAT).
    expect(expired.json.featureGroups[0].status).toBe(kind === "postgres" ? "OUTSIDE_MAX_AGE" : "NOT_FOUND");
    const batch = await post(vectorPath("risk", 1, "vectors"), {
      entities: [{ customer_id: 2 }, { customer_id: 999 }, { customer_id: 1 }],
    });
    expect(batch.status).toBe(200);
    expect(batch.json.vectors.map((v: { status: string; vector: unknown[] }) => [v.vector[0], v.status])).toEqual([
      ["2", "COMPLETE"],
      ["999", "MISSING"],
      ["1", "COMPLETE"],
    ]);
  });

  it("computes on-demand features from passed request values and requires them", async () => {
    const ok = await post(vectorPath("boost"), { entities: { customer_id: 1 }, passedFeatures: { multiplier: 2 } });
    expect(ok.json.vector).toEqual(["1", 150.5, 301]);
    const missing = await post(vectorPath("boost"), { entities: { customer_id: 1 } });
    expect(missing.status).toBe(422);
    expect(missing.json.errors[0].path).toBe("passedFeatures");
    const wrong = await post(vectorPath("boost"), {
      entities: { customer_id: 1 },
      passedFeatures: { multiplier: "x" },
    });
    expect(wrong.json.errors[0].path).toBe("passedFeatures.multiplier");
  });

  it("answers Feast's /get-online-features in Feast's shape", async () => {
    const { status, json } = await post(
      "/get-online-features",
      {
        features: ["risk:age", "risk:region_risk", "risk:balance_per_age"],
        entities: { customer_id: [1, 999] },
        full_feature_names: true,
      },
      { headers: { "x-larder-project": fixture.project.name } },
    );
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.metadata.feature_names).toEqual([
      "customer_id",
      "risk__age",
      "risk__region_risk",
      "risk__balance_per_age",
    ]);
    expect(json.results[0]).toEqual({
      values: ["1", "999"],
      statuses: ["PRESENT", "PRESENT"],
      event_timestamps: ["1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"],
    });
    expect(json.results[1].values).toEqual([31, null]);
    expect(json.results[1].statuses).toEqual(["PRESENT", "NOT_FOUND"]);
    expect(Date.parse(json.results[1].event_timestamps[0])).toBe(now - 2 * DAY + 123);
    expect(json.results[1].event_timestamps[1]).toBe("1970-01-01T00:00:00Z");
    expect(json.results[2].values).toEqual([0.7, null]);
    const service = await post("/get-online-features", { feature_service: "risk", entities: { customer_id: [2] } });
    expect(service.json.metadata.feature_names.slice(0, 3)).toEqual(["customer_id", "age", "segment"]);
    const featureCount = service.json.metadata.feature_names.length;
    expect(featureCount).toBeGreaterThan(3);
    expect(service.json.results.map((r: { statuses: string[] }) => r.statuses[0])).toEqual(
      Array(featureCount).fill("PRESENT"),
    );
    const unknown = await post("/get-online-features", { features: ["risk:nope"], entities: { customer_id: [1] } });
    expect(unknown.status).toBe(422);
  });

  it("authenticates: 401 without a key, 404 for another project's key, 403 without featureData:read, revocation within the cache window", async () => {
    expect((await post(vectorPath(), { entities: { customer_id: 1 } }, { apiKey: null })).status).toBe(401);
    expect((await post(vectorPath(), { entities: { customer_id: 1 } }, { apiKey: "lk_nonsense" })).status).toBe(401);
    const foreign = await post(vectorPath(), { entities: { customer_id: 1 } }, { apiKey: other.apiKey });
    expect(foreign.status).toBe(404);
    expect(foreign.contentType).toBe("application/problem+json");
    expect(
      (await post(vectorPath(), { entities: { customer_id: 1 } }, { apiKey: fixture.metadataOnlyKey })).status,
    ).toBe(403);
    // A key of its own to revoke (other tests keep using the fixture's), cached by one request.
    const doomed = await createApiKey({
      ctx: fixture.ctx,
      access: fixture.access,
      name: "doomed",
      scopes: ["featureData:read"],
    });
    const withDoomed = () => post(vectorPath(), { entities: { customer_id: 1 } }, { apiKey: doomed.secret });
    expect((await withDoomed()).status).toBe(200);
    // The cache's clock is injected (Date only; timers stay real): the revocation is seen once the cached entry
    // is past AUTH_MAX_AGE_MS, however long the machine takes.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    try {
      await revokeApiKey({ ctx: fixture.ctx, access: fixture.access, apiKeyId: doomed.apiKey.id });
      vi.setSystemTime(Date.now() + AUTH_MAX_AGE_MS + 1);
      // A re-validation slower than the cache waits for answers from the entry once; poll (bounded) for the state.
      let status = (await withDoomed()).status;
      for (let tries = 0; status === 200 && tries < 100; tries += 1) {
        await sleep(100);
        status = (await withDoomed()).status;
      }
      expect(status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses bad input with problem+json 4xx naming the field", async () => {
    const { secret: apiKey } = await createApiKey({
      ctx: fixture.ctx,
      access: fixture.access,
      name: "bad-input",
      scopes: ["featureData:read"],
    });
    const cases: [string, unknown, number, string | null][] = [
      [`/v1/projects/nope_${suffix}/feature-views/risk/1/vector`, { entities: { customer_id: 1 } }, 404, null],
      [vectorPath("nope"), { entities: { customer_id: 1 } }, 404, null],
      [vectorPath("risk", 9), { entities: { customer_id: 1 } }, 404, null],
      [vectorPath("with_profiles"), { entities: { customer_id: 1 } }, 409, null],
      [vectorPath(), { entities: {} }, 422, "entities.customer_id"],
      [vectorPath(), { entities: { customer_id: 1, card_id: 2 } }, 422, "entities.card_id"],
      [vectorPath(), { entities: { customer_id: "abc" } }, 422, "entities.customer_id"],
      [
        vectorPath(),
        { entities: { customer_id: 1 }, options: { trainingDataset: { name: "risk", version: 7 } } },
        422,
        "options.trainingDataset",
      ],
      [vectorPath(), { entities: { customer_id: 1 }, extra: true }, 422, "extra"],
      [
        vectorPath("risk", 1, "vectors"),
        { entities: [{ customer_id: 1 }, { customer_id: true }] },
        422,
        "entities.1.customer_id",
      ],
      [
        vectorPath("risk", 1, "vectors"),
        { entities: Array.from({ length: 6 }, (_, i) => ({ customer_id: i })) },
        413,
        null,
      ],
    ];
    for (const [path, body, expected, field] of cases) {
      const response = await post(path, body, { apiKey });
      expect(response.status, `${path} ${JSON.stringify(body)} → ${JSON.stringify(response.json)}`).toBe(expected);
      expect(response.contentType).toBe("application/problem+json");
      if (field) expect(response.json.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect((await post(vectorPath(), null, { apiKey, raw: "{not json" })).status).toBe(400);
    expect(
      (
        await post(vectorPath(), null, {
          apiKey,
          raw: `{"entities":{"customer_id":1},"pad":"${"x".repeat(5 * 1024 * 1024)}"}`,
        })
      ).status,
    ).toBe(413);
    expect(
      (
        await post(
          "/get-online-features",
          { features: ["risk:age"], entities: { customer_id: [1, 2, 3, 4, 5, 6] } },
          { apiKey },
        )
      ).status,
    ).toBe(413);
    expect((await fetch(`${base}${vectorPath()}`, { headers: { authorization: `Bearer ${apiKey}` } })).status).toBe(
      405,
    );
  });

  it("exposes /health and Prometheus /metrics counting requests", async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", onlineStore: { kind, status: "ok" } });
    const metrics = async () => (await fetch(`${base}/metrics`)).text();
    const served = (text: string) =>
      Number(/larder_serving_requests_total\{route="vector",status="200"\} (\d+)/.exec(text)?.[1] ?? 0);
    const before = served(await metrics());
    // Its own requests (tests run in any order): exactly three more served vectors, and one 422.
    for (const customer of [1, 2, 3])
      expect((await post(vectorPath(), { entities: { customer_id: customer } })).status).toBe(200);
    expect((await post(vectorPath(), { entities: {} })).status).toBe(422);
    const text = await metrics();
    expect(text).toMatch(/# TYPE larder_serving_request_duration_seconds histogram/);
    expect(served(text)).toBe(before + 3);
    expect(text).toMatch(/larder_serving_requests_total\{route="vector",status="422"\} \d+/);
    expect(text).toMatch(/larder_serving_request_duration_seconds_bucket\{route="vector",le="\+Inf"\} \d+/);
  });

  it("serves the same vector through the console's same-origin route", async () => {
    setOnlineStore(store);
    const viaConsole = await callRoute(
      vectorRoute.POST,
      { project: fixture.project.name, name: "risk", version: "1" },
      { userId: fixture.owner.id, method: "POST", body: { entities: { customer_id: 2 } } },
    );
    expect(viaConsole.status, JSON.stringify(viaConsole.json)).toBe(200);
    expect(viaConsole.json.status).toBe("COMPLETE");
    // The read is audited against the view it read, by id (which outlives a rename or deletion of the name).
    const view = await db.featureView.findFirstOrThrow({ where: { projectId: fixture.project.id, name: "risk" } });
    const read = await db.auditEvent.findFirst({
      where: { projectId: fixture.project.id, action: "featureData.read", resourceType: "featureView" },
      orderBy: { id: "desc" },
    });
    expect(read).toMatchObject({ resourceId: view.id, details: { name: "risk", version: 1, via: "online-vector" } });
    const auditor = await callRoute(
      vectorRoute.POST,
      { project: fixture.project.name, name: "risk", version: "1" },
      { userId: fixture.viewer.id, method: "POST", body: { entities: { customer_id: 2 } } },
    );
    expect(auditor.status).toBe(403);
  });
});
