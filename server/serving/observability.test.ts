import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as metricsRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/serving-metrics/route";
import * as vectorsRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/served-vectors/route";
import * as configRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/served-vectors/config/route";
import { db } from "@/server/db/client";
import { onlineStoresForTest } from "@/test/fixtures/online-stores";
import { setUpServingFixture } from "@/test/fixtures/serving-fixture";
import { useTestWorker } from "@/test/fixtures/test-project";
import { callRoute, waitForJobEnd } from "@/test/helpers";
import * as monitorsRoute from "@/app/api/v1/projects/[project]/monitors/route";
import * as monitorRunRoute from "@/app/api/v1/projects/[project]/monitors/[monitor]/run/route";
import * as monitorRunsRoute from "@/app/api/v1/projects/[project]/monitors/[monitor]/runs/route";
import { clearServingPlanCache, createFeatureServer, type TFeatureServer } from "./index";
import { createServingRecorder } from "./observability";
import { drainServedVectors } from "./run-served-vectors";
import { servedVectorTablePath } from "./served-vector-table";
import { getServingPlan } from "./vectors";
import { listCommits } from "@/server/offline";

// Serving observability end to end over real HTTP requests to the feature server: per-minute metrics of known
// traffic (requests, vectors, client errors, each group's missing vectors, latency percentiles from the
// histogram), served-vector logging at a rate, staged only by the flush (never by the request), moved by the
// `served-vectors` job into the view's table in batches, and redacted for the Auditor.

useTestWorker(["served-vectors", "monitor-run"]);
const { stores, dropAll } = onlineStoresForTest("so");
afterAll(dropAll);

describe("serving observability", () => {
  const store = stores[0][1]();
  let fixture: Awaited<ReturnType<typeof setUpServingFixture>>;
  let server: TFeatureServer;
  let base: string;
  const recorder = createServingRecorder({ flushIntervalMs: 3_600_000 });

  beforeAll(async () => {
    fixture = await setUpServingFixture({ store });
    server = createFeatureServer({ store, maxBatch: 50, recorder });
    base = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`;
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}/v1/projects/${fixture.project.name}/feature-views/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${fixture.apiKey}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  };
  const params = (name = "risk") => ({ project: fixture.project.name, name, version: "1" });
  const viewId = async (name = "risk") =>
    (await db.featureView.findFirstOrThrow({ where: { projectId: fixture.project.id, name } })).id;

  it("aggregates known traffic per view and minute: requests, vectors, errors, missing per group, p50/p99", async () => {
    for (const customer of [1, 2, 3])
      expect((await post("risk/1/vector", { entities: { customer_id: customer } })).status).toBe(200);
    const missing = await post("risk/1/vector", { entities: { customer_id: 999 } });
    expect(missing.json.status).toBe("MISSING");
    const batch = await post("risk/1/vectors", { entities: [1, 2, 998, 997].map((id) => ({ customer_id: id })) });
    expect(batch.status).toBe(200);
    expect((await post("risk/1/vector", { entities: { customer_id: "not a number" } })).status).toBe(422);
    // Another view, and a view that does not exist: neither counts for risk.
    expect(
      (await post("boost/1/vector", { entities: { customer_id: 1 }, passedFeatures: { multiplier: 2 } })).status,
    ).toBe(200);
    expect((await post("nope/1/vector", { entities: { customer_id: 1 } })).status).toBe(404);

    // Nothing is written by the requests themselves.
    expect(await db.servingMetricMinute.count({ where: { featureViewId: await viewId() } })).toBe(0);
    await recorder.flush();

    const { status, json } = await callRoute(metricsRoute.GET, params(), { userId: fixture.owner.id });
    expect(status).toBe(200);
    expect(json.totals).toMatchObject({ requests: 6, vectors: 8, errors: 0, clientErrors: 1 });
    expect(json.totals.p50Ms).toBeGreaterThan(0);
    expect(json.totals.p99Ms).toBeGreaterThanOrEqual(json.totals.p50Ms);
    const customers = json.groups.find((group: { name: string }) => group.name === "customers");
    // 999, 998 and 997 have no customers row; the others do.
    expect(customers).toMatchObject({ missing: 3, expired: 0 });
    const rates = customers.points.map((point: { missingRate: number }) => point.missingRate);
    expect(rates.reduce((sum: number, rate: number) => sum + rate, 0)).toBeGreaterThan(0);
    const boost = await callRoute(metricsRoute.GET, params("boost"), { userId: fixture.owner.id });
    expect(boost.json.totals).toMatchObject({ requests: 1, vectors: 1 });

    // A window without traffic is empty, not an error; a window that ends before it starts is a 422 naming `to`.
    const past = await callRoute(metricsRoute.GET, params(), {
      userId: fixture.owner.id,
      query: { from: "2020-01-01T00:00:00Z", to: "2020-01-01T01:00:00Z" },
    });
    expect(past.json.minutes).toEqual([]);
    const backwards = await callRoute(metricsRoute.GET, params(), {
      userId: fixture.owner.id,
      query: { from: "2020-01-02T00:00:00Z", to: "2020-01-01T00:00:00Z" },
    });
    expect(backwards.status).toBe(422);
    expect(JSON.stringify(backwards.json.errors)).toContain("to");
  });

  it("sums the rows of several processes and reads percentiles from the histogram within a bucket", async () => {
    const plan = await getServingPlan({ projectId: fixture.project.id, name: "with_profiles", version: 1 }).catch(
      () => null,
    );
    // with_profiles is not servable (profiles is offline only): use boost's plan for a second view instead.
    const boostPlan = plan ?? (await getServingPlan({ projectId: fixture.project.id, name: "boost", version: 1 }));
    const first = createServingRecorder({ flushIntervalMs: 3_600_000 });
    const second = createServingRecorder({ flushIntervalMs: 3_600_000 });
    const before = await callRoute(metricsRoute.GET, params("boost"), { userId: fixture.owner.id });
    // 1 … 100 ms, split over two "processes".
    for (let ms = 1; ms <= 100; ms += 1)
      (ms % 2 ? first : second).record({ plan: boostPlan, status: 200, seconds: ms / 1000, reads: [] });
    await Promise.all([first.close(), second.close()]);
    const after = await callRoute(metricsRoute.GET, params("boost"), { userId: fixture.owner.id });
    expect(after.json.totals.requests - before.json.totals.requests).toBe(100);
    // One request of ~ms before: the percentiles of 101 values are still ~50 and ~99 ms.
    expect(after.json.totals.p50Ms).toBeGreaterThan(50 / 1.25);
    expect(after.json.totals.p50Ms).toBeLessThan(50 * 1.25);
    expect(after.json.totals.p99Ms).toBeGreaterThan(99 / 1.25);
    expect(after.json.totals.p99Ms).toBeLessThan(99 * 1.25);
  });

  it("logs the configured share of served vectors through the job, in batches, and hides values from the Auditor", async () => {
    const id = await viewId();
    // Off by default: served vectors are not staged.
    await post("risk/1/vectors", { entities: [1, 2, 3].map((customer) => ({ customer_id: customer })) });
    await recorder.flush();
    expect(await db.servedVectorLog.count({ where: { featureViewId: id } })).toBe(0);

    const bad = await callRoute(configRoute.PUT, params(), {
      method: "PUT",
      userId: fixture.owner.id,
      body: { rate: 2 },
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json.errors)).toContain("rate");
    const auditorPut = await callRoute(configRoute.PUT, params(), {
      method: "PUT",
      userId: fixture.viewer.id,
      body: { rate: 1 },
    });
    expect(auditorPut.status).toBe(403);
    const set = await callRoute(configRoute.PUT, params(), {
      method: "PUT",
      userId: fixture.owner.id,
      body: { rate: 0.25 },
    });
    expect(set.status).toBe(200);
    clearServingPlanCache();

    const customers = Array.from({ length: 40 }, (_, index) => ({ customer_id: (index % 6) + 1 }));
    for (let request = 0; request < 10; request += 1)
      expect((await post("risk/1/vectors", { entities: customers })).status).toBe(200);
    // The requests answered; nothing is staged until the recorder's flush.
    expect(await db.servedVectorLog.count({ where: { featureViewId: id } })).toBe(0);
    const jobsBefore = await db.job.count({ where: { projectId: fixture.project.id, type: "served-vectors" } });
    await recorder.flush();
    const staged = await db.servedVectorLog.count({ where: { featureViewId: id } });
    // 400 vectors at 25 %: 100 expected; outside [50, 150] has a probability below 1e-9.
    expect(staged).toBeGreaterThan(50);
    expect(staged).toBeLessThan(150);
    const job = await db.job.findFirstOrThrow({
      where: { projectId: fixture.project.id, type: "served-vectors" },
      orderBy: { createdAt: "desc" },
    });
    expect(await db.job.count({ where: { projectId: fixture.project.id, type: "served-vectors" } })).toBe(
      jobsBefore + 1,
    );
    const done = await waitForJobEnd(job.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.result).toMatchObject({ written: staged });
    expect(await db.servedVectorLog.count({ where: { featureViewId: id } })).toBe(0);

    const owner = await callRoute(vectorsRoute.GET, params(), { userId: fixture.owner.id, query: { limit: "5" } });
    expect(owner.status).toBe(200);
    expect(owner.json).toMatchObject({ rate: 0.25, loggedRows: staged, pendingRows: 0 });
    expect(owner.json.rows).toHaveLength(5);
    expect(owner.json.rows[0]).toHaveProperty("_served_at");
    expect(owner.json.rows[0]._status).toBe("COMPLETE");
    expect(owner.json.rows[0]).toHaveProperty("balance_per_age");
    expect(owner.json.rows[0]).not.toHaveProperty("churned");
    const auditor = await callRoute(vectorsRoute.GET, params(), { userId: fixture.viewer.id });
    expect(auditor.status).toBe(200);
    expect(auditor.json).toMatchObject({ loggedRows: staged, rows: null });
  });

  it("writes staged vectors in batches of the given size, one Delta commit each, each vector once", async () => {
    const id = await viewId();
    const tablePath = servedVectorTablePath({ projectId: fixture.project.id, featureViewId: id });
    const before = await callRoute(vectorsRoute.GET, params(), { userId: fixture.owner.id });
    const commitsBefore = (await listCommits({ tablePath }).catch(() => [])).length;
    // Seven staged vectors, as a flush stages them.
    await db.servedVectorLog.createMany({
      data: Array.from({ length: 7 }, (_, index) => ({
        featureViewId: id,
        servedAt: new Date(),
        status: "COMPLETE",
        values: { customer_id: String(index + 1), age: 20 + index, balance: 1.5 * index },
      })),
    });
    const result = await drainServedVectors({ projectId: fixture.project.id, featureViewId: id, batchRows: 3 });
    expect(result).toEqual({ written: 7, batches: 3 });
    expect((await listCommits({ tablePath })).length - commitsBefore).toBe(3);
    expect(await drainServedVectors({ projectId: fixture.project.id, featureViewId: id })).toEqual({
      written: 0,
      batches: 0,
    });
    const after = await callRoute(vectorsRoute.GET, params(), { userId: fixture.owner.id, query: { limit: "100" } });
    expect(after.json.loggedRows - before.json.loggedRows).toBe(7);
    expect(after.json.rows.map((row: { age: number }) => row.age)).toEqual(expect.arrayContaining([20, 26]));
  });

  it("monitors served vectors against a training dataset (training/serving skew)", async () => {
    const project = { project: fixture.project.name };
    const monitor = (target: unknown) => ({
      name: "risk_skew",
      target,
      features: [{ name: "balance", metrics: [{ metric: "ks", threshold: 0.99 }] }],
      detection: { kind: "servedVectors", duration: "1h" },
      reference: { kind: "trainingDataset", name: "risk", version: fixture.trainingDataset.version, split: "all" },
    });
    const onGroup = await callRoute(monitorsRoute.POST, project, {
      userId: fixture.owner.id,
      method: "POST",
      body: monitor({ featureGroup: { name: "customers", version: 1 } }),
    });
    expect(onGroup.status).toBe(422);
    expect(JSON.stringify(onGroup.json.errors)).toContain("detection.kind");
    const created = await callRoute(monitorsRoute.POST, project, {
      userId: fixture.owner.id,
      method: "POST",
      body: monitor({ featureView: { name: "risk", version: 1 } }),
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const run = await callRoute(
      monitorRunRoute.POST,
      { ...project, monitor: "risk_skew" },
      { userId: fixture.owner.id, method: "POST" },
    );
    expect(run.status, JSON.stringify(run.json)).toBe(202);
    const job = await waitForJobEnd(run.json.job.id, 90_000);
    expect(job.status, JSON.stringify(job.error)).toBe("SUCCEEDED");
    const runs = await callRoute(
      monitorRunsRoute.GET,
      { ...project, monitor: "risk_skew" },
      { userId: fixture.owner.id },
    );
    const logged = await callRoute(vectorsRoute.GET, params(), { userId: fixture.owner.id });
    // Every vector logged in this file was served within the hour: the detection window holds them all.
    expect(runs.json.runs[0].detection.rows).toBe(logged.json.loggedRows);
    expect(runs.json.runs[0].empty).toBeNull();
    expect(runs.json.runs[0].reference.rows).toBeGreaterThan(0);
  });

  it("a flush that cannot write is logged and dropped; serving goes on", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const doomed = createServingRecorder({ flushIntervalMs: 3_600_000 });
    const plan = await getServingPlan({ projectId: fixture.project.id, name: "boost", version: 1 });
    // A plan of a view id that does not exist: its rows fail their foreign key when written.
    doomed.record({
      plan: { ...plan, featureView: { ...plan.featureView, id: "fv_missing" } },
      status: 200,
      seconds: 0.001,
      reads: [],
    });
    await expect(doomed.close()).resolves.toBeUndefined();
    expect(errors.mock.calls.some((call) => String(call[0]).includes("could not write serving metrics"))).toBe(true);
    errors.mockRestore();
    expect((await post("risk/1/vector", { entities: { customer_id: 1 } })).status).toBe(200);
  });
});
