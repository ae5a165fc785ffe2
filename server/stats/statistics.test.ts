import { beforeAll, describe, expect, it } from "vitest";
import * as statisticsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/statistics/route";
import * as historyRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/statistics/history/route";
import * as configRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/statistics/config/route";
import * as jobRoute from "@/app/api/v1/projects/[project]/jobs/[jobId]/route";
import { HIDDEN_VALUE } from "@/lib/feature-values";
import { db } from "@/server/db/client";
import { callRoute, waitForJobEnd } from "@/test/helpers";
import { featureList, useOwnedProject } from "@/test/fixtures/test-project";
import { featureGroupApi } from "@/test/fixtures/feature-group-api";

// The statistics job end to end: queued by every commit, describing the commit's snapshot (commit 2's statistics
// cover commit 1's rows too), exact on small data (quantile_cont, equal-width bins, top values), on demand for an
// old commit (time travel) or an event-time window, redacted for the Auditor everywhere they appear.

const fx = useOwnedProject({ roles: ["AUDITOR"], workerTypes: ["ingest", "statistics"] });
const api = featureGroupApi(fx);
const GROUP = "measures";
const params = () => ({ project: fx.project.name, name: GROUP, version: "1" });
const auditorId = () => fx.members[0].id;
const at = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();

/** x = 1…10, label a×5 b×3 null×2, one row per day of January 2026. */
const firstRows = Array.from({ length: 10 }, (_, i) => ({
  id: i + 1,
  x: i + 1,
  label: i < 5 ? "a" : i < 8 ? "b" : null,
  flag: i % 2 === 0,
  ts: at(i + 1),
}));
const secondRows = Array.from({ length: 10 }, (_, i) => ({
  id: i + 11,
  x: i + 11,
  label: "c",
  flag: true,
  ts: at(i + 11),
}));

const statisticsJobOf = async (commit: number) => {
  const featureGroup = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: GROUP } });
  const jobs = await db.job.findMany({ where: { featureGroupId: featureGroup.id, type: "statistics" } });
  const job = jobs.find((candidate) => (candidate.payload as { commit: number }).commit === commit);
  expect(job, `a statistics job for commit ${commit}`).toBeDefined();
  return waitForJobEnd(job!.id);
};
const read = async (query: Record<string, string>, userId = fx.owner.id) => {
  const response = await callRoute(statisticsRoute.GET, params(), { userId, query });
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  return response.json;
};
const feature = (body: { statistics: { features: { name: string }[] } }, name: string) =>
  body.statistics.features.find((candidate) => candidate.name === name) as Record<string, unknown>;

beforeAll(async () => {
  await api.createGroup(GROUP, {
    primaryKey: ["id"],
    eventTime: "ts",
    features: featureList({ id: "bigint", x: "double", label: "string", flag: "boolean", ts: "timestamp" }),
  });
  const config = await callRoute(configRoute.PUT, params(), {
    userId: fx.owner.id,
    method: "PUT",
    body: { bins: 3, exactDistinct: true },
  });
  expect(config.status, JSON.stringify(config.json)).toBe(200);
  expect((await api.insert(GROUP, firstRows)).status).toBe("SUCCEEDED");
  expect((await statisticsJobOf(1)).status).toBe("SUCCEEDED");
  expect((await api.insert(GROUP, secondRows)).status).toBe("SUCCEEDED");
  expect((await statisticsJobOf(2)).status).toBe("SUCCEEDED");
}, 90_000);

describe("statistics of a commit", () => {
  it("are exact on small data: moments, quantile_cont percentiles, equal-width bins with edges, top values", async () => {
    const body = await read({ commit: "1" });
    expect(body.commit).toBe(1);
    expect(body.statistics.rowCount).toBe(10);
    const x = feature(body, "x");
    expect(x).toMatchObject({ count: 10, nulls: 0, completeness: 1, distinct: 10, uniqueness: 1, min: 1, max: 10 });
    expect(x.mean).toBeCloseTo(5.5, 12);
    expect(x.sum).toBe(55);
    expect(x.std).toBeCloseTo(Math.sqrt(82.5 / 9), 12);
    // quantile_cont: linear interpolation at rank 1 + p·(n − 1) over the sorted values 1…10.
    const expected = [1.09, 1.45, 3.25, 5.5, 7.75, 9.55, 9.91];
    (x.percentiles as { value: number }[]).forEach((p, i) => expect(p.value).toBeCloseTo(expected[i], 10));
    expect(x.percentilesExact).toBe(true);
    // 3 bins over [1, 10]: [1, 4) holds 1–3, [4, 7) holds 4–6, [7, 10] holds 7–10.
    expect(x.histogram).toEqual({ kind: "bins", edges: [1, 4, 7, 10], counts: [3, 3, 4] });
    const label = feature(body, "label");
    expect(label).toMatchObject({ count: 8, nulls: 2, completeness: 0.8, distinct: 2, uniqueness: 0.25 });
    expect(label.histogram).toEqual({
      kind: "top",
      values: [
        { value: "a", count: 5 },
        { value: "b", count: 3 },
      ],
      other: 0,
    });
    expect(label.stringLength).toEqual({ min: 1, max: 1, mean: 1 });
    expect(feature(body, "flag").histogram).toMatchObject({ kind: "top", other: 0 });
    expect(body.statistics.correlations.features).toEqual(["id", "x"]);
    expect(body.statistics.correlations.matrix[0][1]).toBeCloseTo(1, 12);
  });

  it("describe the snapshot: commit 2's statistics cover commit 1's rows too; the latest is the default", async () => {
    const body = await read({});
    expect(body.commit).toBe(2);
    expect(body.statistics.rowCount).toBe(20);
    const x = feature(body, "x");
    expect(x).toMatchObject({ count: 20, min: 1, max: 20, sum: 210 });
    expect(feature(body, "label")).toMatchObject({ count: 18, nulls: 2 });
    const history = await callRoute(historyRoute.GET, params(), { userId: fx.owner.id });
    expect(
      history.json.points.map((point: { commit: number; rowCount: number }) => [point.commit, point.rowCount]),
    ).toEqual([
      [1, 10],
      [2, 20],
    ]);
    const group = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: GROUP } });
    expect(group.statisticsCompleteness).toBeCloseTo(1 - 2 / (20 * 5), 12);
  });

  it("are computed on demand for an old commit (time travel) and for an event-time window", async () => {
    await db.featureStatistics.deleteMany({ where: { deltaVersion: 1, featureGroup: { projectId: fx.project.id } } });
    const compute = (body: unknown) =>
      callRoute(statisticsRoute.POST, params(), { userId: fx.owner.id, method: "POST", body });
    const old = await compute({ commit: 1 });
    expect(old.status, JSON.stringify(old.json)).toBe(202);
    expect((await waitForJobEnd(old.json.job.id)).status).toBe("SUCCEEDED");
    expect(feature(await read({ commit: "1" }), "x")).toMatchObject({ count: 10, max: 10 });
    // Days 3, 4, 5 and 6 of the latest snapshot.
    const window = { start: at(3), end: at(7) };
    const windowed = await compute({ window });
    expect((await waitForJobEnd(windowed.json.job.id)).status).toBe("SUCCEEDED");
    const body = await read({ commit: "2", ...window });
    expect(body.window).toEqual(window);
    expect(feature(body, "x")).toMatchObject({ count: 4, min: 3, max: 6 });
    expect((await read({})).window).toBeNull();
  });

  it("refuse bad input with 422 naming the field, and save nothing", async () => {
    const before = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: GROUP } });
    for (const [body, field] of [
      [{ columns: ["x", "nope"] }, "columns.1"],
      [{ bins: "many" }, "bins"],
      [{ histograms: "yes" }, "histograms"],
      [{ bins: 1 }, "bins"],
      [{ colour: "red" }, ""],
    ] as const) {
      const response = await callRoute(configRoute.PUT, params(), { userId: fx.owner.id, method: "PUT", body });
      expect(response.status, JSON.stringify(body)).toBe(422);
      if (field) expect(response.json.errors.map((issue: { path: string }) => issue.path)).toContain(field);
    }
    const compute = await callRoute(statisticsRoute.POST, params(), {
      userId: fx.owner.id,
      method: "POST",
      body: { commit: 99 },
    });
    expect(compute.status).toBe(422);
    expect(compute.json.errors[0].path).toBe("commit");
    const after = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: GROUP } });
    expect(after.statisticsConfig).toEqual(before.statisticsConfig);
  });
});

describe("for the Auditor", () => {
  it("statistics show counts only, through the API, the history and the job's result", async () => {
    const body = await read({ commit: "1" }, auditorId());
    const x = feature(body, "x");
    expect(x).toMatchObject({ count: 10, nulls: 0, completeness: 1, distinct: 10, uniqueness: 1 });
    for (const field of ["min", "max", "mean", "std", "sum", "percentiles", "histogram"])
      expect(x[field], field).toBe(HIDDEN_VALUE);
    expect(feature(body, "label").stringLength).toBe(HIDDEN_VALUE);
    expect(body.statistics.correlations).toBe(HIDDEN_VALUE);
    // The document, not the response: its computedAt may read "…:15.512Z".
    expect(JSON.stringify(body.statistics)).not.toMatch(/"a"|5\.5/);
    const history = await callRoute(historyRoute.GET, params(), { userId: auditorId() });
    expect(history.json.points[0].features.find((f: { name: string }) => f.name === "x")).toEqual({
      name: "x",
      nullRatio: 0,
      mean: HIDDEN_VALUE,
    });
    const job = await statisticsJobOf(2);
    const seen = await callRoute(jobRoute.GET, { project: fx.project.name, jobId: job.id }, { userId: auditorId() });
    // Two passes: the row count and the bins' ranges come from the Delta log's file statistics.
    expect(seen.json.result).toEqual({ subjects: 1, rowCount: 20, features: 5, passes: 2 });
  });
});

describe("configuration", () => {
  it("switched off, a commit queues no statistics job", async () => {
    const off = await callRoute(configRoute.PUT, params(), {
      userId: fx.owner.id,
      method: "PUT",
      body: { enabled: false },
    });
    expect(off.status).toBe(200);
    expect((await api.insert(GROUP, [{ id: 99, x: 0, label: "z", flag: false, ts: at(28) }])).status).toBe("SUCCEEDED");
    const featureGroup = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: GROUP } });
    const queued = await db.job.findMany({ where: { featureGroupId: featureGroup.id, type: "statistics" } });
    expect(queued.map((job) => (job.payload as { commit: number }).commit)).not.toContain(3);
  });
});
