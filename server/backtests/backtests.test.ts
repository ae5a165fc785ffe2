import { beforeAll, describe, expect, it } from "vitest";
import * as viewsRoute from "@/app/api/v1/projects/[project]/feature-views/route";
import { HIDDEN_VALUE } from "@/lib/feature-values";
import type { TBacktest, TBacktestFeature } from "@/lib/api/backtests";
import { db } from "@/server/db/client";
import { callRoute } from "@/test/helpers";
import { useOwnedProject } from "@/test/fixtures/test-project";
import { ACCOUNTS, accountRows, backtestApi } from "@/test/fixtures/backtests";

// A backtest report from known data (docs/backtesting.md): version 1 of `accounts` holds ids 1–6 with amounts 10–60;
// version 2 holds ids 3–8 with amounts above 1,000 (one null) and id 3 at another time — so the keys, rows, drift
// metrics, statistics and suite results are known in advance; and what each role reads of it.

const fx = useOwnedProject({ roles: ["AUDITOR", "VIEWER"] });
const api = backtestApi(fx);
const auditor = () => fx.members[0]!.id;
const viewer = () => fx.members[1]!.id;
const COLUMNS = "account_id, amount, segment, opened_at";
const JANUARY = { kind: "timeRange", start: "2026-01-01T00:00:00Z", end: "2026-02-01T00:00:00Z" };
const accountsBacktest = (overrides: Record<string, unknown> = {}) => ({
  target: { featureGroup: { name: "accounts", version: 2 } },
  baseline: { version: 1 },
  window: JANUARY,
  ...overrides,
});

const V1 = accountRows([1, 2, 3, 4, 5, 6].map((id) => [id, id * 10, id % 2 ? "a" : "b", id]));
const V2 = accountRows([
  [3, 1030, "a", 13],
  [4, 1040, "b", 4],
  [5, 1050, "a", 5],
  [6, null, "b", 6],
  [7, 1070, "a", 7],
  [8, 1080, "b", 8],
]);
const feature = (backtest: TBacktest, name: string) =>
  backtest.report.features.find((candidate) => candidate.name === name) as TBacktestFeature;
const metric = (backtest: TBacktest, name: string, which: string) =>
  feature(backtest, name).drift!.metrics.find((candidate) => candidate.metric === which)!;

let report: TBacktest;

beforeAll(async () => {
  await api.defineVersion("accounts", 1, ACCOUNTS, { values: V1, columns: COLUMNS });
  await api.defineVersion("accounts", 2, ACCOUNTS, { values: V2, columns: COLUMNS });
  const rule = { type: "between" as const, feature: "amount", min: 0, max: 100, severity: "error" as const };
  await api.putSuite("accounts", 1, [rule]);
  await api.putSuite("accounts", 2, [rule]);
  await api.defineVersion("other", 1, ACCOUNTS, { values: V1, columns: COLUMNS });
  // A spine: ids 1–8 as of January 20.
  await api.defineVersion(
    "account_labels",
    1,
    {
      primaryKey: ["account_id"],
      eventTime: "label_time",
      features: [
        { name: "account_id", type: "bigint" },
        { name: "label_time", type: "timestamp" },
      ],
    },
    {
      values: [1, 2, 3, 4, 5, 6, 7, 8].map((id) => `(${id}::BIGINT, TIMESTAMPTZ '2026-01-20 00:00:00+00')`),
      columns: "account_id, label_time",
    },
  );
  await api.defineVersion(
    "bare_events",
    1,
    {
      primaryKey: ["event_id"],
      eventTime: "happened_at",
      features: [
        { name: "event_id", type: "bigint" },
        { name: "happened_at", type: "timestamp" },
      ],
    },
    { values: ["(1::BIGINT, TIMESTAMPTZ '2026-01-20 00:00:00+00')"], columns: "event_id, happened_at" },
  );
  ({ backtest: report } = await api.run(accountsBacktest({ thresholds: { wasserstein: 2000 } })));
}, 120_000);

describe("a backtest report of two feature group versions", () => {
  it("counts rows and keys each version has and the other lacks, with examples", () => {
    expect(report.report.keyColumns).toEqual(["account_id"]);
    expect(report.report.baseline).toMatchObject({ name: "accounts", version: 1, rows: 6, keys: 6, commit: 1 });
    expect(report.report.candidate).toMatchObject({ name: "accounts", version: 2, rows: 6, keys: 6, commit: 1 });
    // Keys: 1 and 2 only in v1, 7 and 8 only in v2. Rows by key and event time: id 3 moved to January 13 as well.
    expect(report.report.keys).toMatchObject({
      onlyInBaseline: 2,
      onlyInCandidate: 2,
      inBoth: 4,
      samples: {
        onlyInBaseline: [{ account_id: "1" }, { account_id: "2" }],
        onlyInCandidate: [{ account_id: "7" }, { account_id: "8" }],
      },
      samplesHidden: false,
    });
    expect(report.report.rows).toEqual({ onlyInBaseline: 3, onlyInCandidate: 3, inBoth: 3 });
    expect(report.report.baseline.seconds).toBeGreaterThan(0);
    expect(report.report.candidate.seconds).toBeGreaterThan(0);
    expect(report).toMatchObject({
      target: { kind: "featureGroup", name: "accounts", version: 2 },
      baseline: { name: "accounts", version: 1 },
      window: { kind: "timeRange", start: "2026-01-01T00:00:00.000Z", end: "2026-02-01T00:00:00.000Z" },
      rows: { baseline: 6, candidate: 6 },
      keysOnlyInBaseline: 2,
      keysOnlyInCandidate: 2,
    });
  });

  it("measures drift of the new version against the old with the monitors' metrics", () => {
    // Disjoint supports: KS = 1, JS = 1 bit; W1 = the difference of the means (1,054 − 35); one null of six.
    expect(metric(report, "amount", "ks")).toEqual({ metric: "ks", threshold: 0.1, value: 1, breached: true });
    expect(metric(report, "amount", "jensenShannon")).toMatchObject({ value: 1, breached: true });
    expect(metric(report, "amount", "wasserstein")).toMatchObject({ threshold: 2000, breached: false });
    expect(metric(report, "amount", "wasserstein").value).toBeCloseTo(1019, 9);
    expect(metric(report, "amount", "meanShift").value).toBeCloseTo(1019 / 35, 9);
    expect(metric(report, "amount", "nullRatioChange").value).toBeCloseTo(1 / 6, 12);
    // Population std 17.078 → 18.547: a relative shift of 0.086, under the default 0.1.
    expect(metric(report, "amount", "stdShift")).toMatchObject({ threshold: 0.1, breached: false });
    expect(feature(report, "amount").drift).toMatchObject({
      kind: "numeric",
      baseline: { rows: 6, nulls: 0 },
      candidate: { rows: 6, nulls: 1 },
    });
    const histogram = feature(report, "amount").drift!.histogram as { kind: "bins"; detection: { above: number } };
    expect(histogram.detection.above).toBe(5);
    // The segments are the same in both: no drift.
    expect(metric(report, "segment", "psi").value).toBeCloseTo(0, 12);
    expect(metric(report, "segment", "chiSquare")).toMatchObject({ value: 0, breached: false });
    expect(feature(report, "opened_at")).toMatchObject({ status: "notComparable", drift: null });
    expect(feature(report, "account_id")).toBeUndefined();
    expect(report.breaches).toBe(5);
  });

  it("describes each version and runs its own suite over the window", () => {
    const amount = (side: "baseline" | "candidate") =>
      report.report[side].statistics.features.find((candidate) => candidate.name === "amount")!;
    expect(amount("baseline")).toMatchObject({ count: 6, nulls: 0, min: 10, max: 60, mean: 35 });
    expect(amount("candidate")).toMatchObject({ count: 5, nulls: 1, min: 1030, max: 1080 });
    expect(report.report.baseline.validation).toMatchObject({ outcome: "PASSED", rowCount: 6 });
    expect(report.report.candidate.validation).toMatchObject({ outcome: "FAILED", rowCount: 6 });
    expect(report.report.candidate.validation!.results[0]).toMatchObject({ success: false, failingRows: 5 });
    expect(report.validation).toEqual({ baseline: "PASSED", candidate: "FAILED" });
  });

  it("is kept with the new version: listed under it, not under the baseline", async () => {
    const underV2 = await api.list({ featureGroup: "accounts", version: "2" });
    expect(underV2.json.backtests.map((backtest: { id: string }) => backtest.id)).toContain(report.id);
    const underV1 = await api.list({ featureGroup: "accounts", version: "1" });
    expect(underV1.json.backtests).toEqual([]);
  });
});

describe("who reads what", () => {
  it("shows an Auditor counts, timings, pass/fail and crossed thresholds, never a value", async () => {
    const read = await api.get(report.id, auditor());
    expect(read.status).toBe(200);
    const seen = read.json as TBacktest;
    expect(seen.report.keys).toMatchObject({
      onlyInBaseline: 2,
      onlyInCandidate: 2,
      samples: { onlyInBaseline: [], onlyInCandidate: [] },
      samplesHidden: true,
    });
    expect(seen.report.rows).toEqual(report.report.rows);
    expect(seen.report.candidate.seconds).toBe(report.report.candidate.seconds);
    const ks = metric(seen, "amount", "ks");
    expect(ks).toEqual({ metric: "ks", threshold: 0.1, value: HIDDEN_VALUE, breached: true });
    expect(feature(seen, "amount").drift!.histogram).toBe(HIDDEN_VALUE);
    const amount = seen.report.baseline.statistics.features.find((candidate) => candidate.name === "amount")!;
    expect(amount).toMatchObject({ count: 6, nulls: 0, min: HIDDEN_VALUE, max: HIDDEN_VALUE, mean: HIDDEN_VALUE });
    const result = seen.report.candidate.validation!.results[0]!;
    expect(result).toMatchObject({ success: false, failingRows: 5, failingSamples: [], samplesHidden: true });
    expect(JSON.stringify(seen)).not.toMatch(/1030|1080/);
  });

  it("shows a Viewer (featureData:read) the values", async () => {
    const seen = (await api.get(report.id, viewer())).json as TBacktest;
    expect(metric(seen, "amount", "ks").value).toBe(1);
    expect(seen.report.keys!.samples.onlyInCandidate).toEqual([{ account_id: "7" }, { account_id: "8" }]);
  });

  it("lets neither an Auditor nor a Viewer start one (jobs:write)", async () => {
    for (const userId of [auditor(), viewer()]) expect((await api.create(accountsBacktest(), userId)).status).toBe(403);
  });
});

describe("backtests over a spine", () => {
  it("takes each group version's row as of each spine row", async () => {
    const { backtest } = await api.run(
      accountsBacktest({ window: { kind: "spine", featureGroup: { name: "account_labels", version: 1 } } }),
    );
    // v1 has ids 1–6 by January 20, v2 ids 3–8 (id 3 from January 13).
    expect(backtest.report.baseline.rows).toBe(6);
    expect(backtest.report.candidate.rows).toBe(6);
    expect(backtest.report.keys).toMatchObject({ onlyInBaseline: 2, onlyInCandidate: 2, inBoth: 4 });
    expect(backtest.report.rows).toEqual({ onlyInBaseline: 2, onlyInCandidate: 2, inBoth: 4 });
    expect(backtest.window).toEqual({
      kind: "spine",
      featureGroup: { name: "account_labels", version: 1 },
      eventTime: "label_time",
    });
  });

  it("backtests a feature view version: one row per spine row in each", async () => {
    for (const version of [1, 2]) {
      const body = { name: "account_view", version, root: { featureGroup: { name: "accounts", version } } };
      const created = await callRoute(
        viewsRoute.POST,
        { project: fx.project.name },
        { userId: fx.owner.id, method: "POST", body },
      );
      expect(created.status, JSON.stringify(created.json)).toBe(201);
    }
    const { backtest } = await api.run({
      target: { featureView: { name: "account_view", version: 2 } },
      baseline: { version: 1 },
      window: { kind: "spine", featureGroup: { name: "account_labels", version: 1 } },
    });
    expect(backtest.target).toEqual({ kind: "featureView", name: "account_view", version: 2 });
    expect(backtest.report.baseline).toMatchObject({ rows: 8, keys: 8, commit: null, validation: null });
    expect(backtest.report.candidate).toMatchObject({ rows: 8, keys: 8 });
    expect(backtest.report.keys).toMatchObject({ onlyInBaseline: 0, onlyInCandidate: 0, inBoth: 8 });
    expect(backtest.report.rows).toEqual({ onlyInBaseline: 0, onlyInCandidate: 0, inBoth: 8 });
    // v1: amounts 10–60 and two nulls (7, 8); v2: 1,030–1,080 and three nulls (1, 2, 6).
    expect(feature(backtest, "amount").drift).toMatchObject({ baseline: { nulls: 2 }, candidate: { nulls: 3 } });
    expect(metric(backtest, "amount", "ks").value).toBe(1);
    const listed = await api.list({ featureView: "account_view", version: "2" });
    expect(listed.json.backtests.map((summary: { id: string }) => summary.id)).toEqual([backtest.id]);
  });
});

describe("bad input", () => {
  it.each([
    [
      "an unknown new version",
      { target: { featureGroup: { name: "accounts", version: 9 } } },
      "target.featureGroup.version",
    ],
    ["an unknown group", { target: { featureGroup: { name: "nope", version: 1 } } }, "target.featureGroup.name"],
    ["the same version twice", { baseline: { version: 2 } }, "baseline.version"],
    ["an unknown baseline version", { baseline: { version: 7 } }, "baseline.version"],
    ["a version of another group", { baseline: { name: "other", version: 1 } }, "baseline.name"],
    [
      "a window that ends before it starts",
      { window: { kind: "timeRange", start: "2026-02-01T00:00:00Z", end: "2026-01-01T00:00:00Z" } },
      "window.end",
    ],
    [
      "an unknown spine",
      { window: { kind: "spine", featureGroup: { name: "nope", version: 1 } } },
      "window.featureGroup",
    ],
    [
      "a spine event time it lacks",
      { window: { kind: "spine", featureGroup: { name: "account_labels", version: 1 }, eventTime: "nope" } },
      "window.eventTime",
    ],
    [
      "a spine without the key",
      { window: { kind: "spine", featureGroup: { name: "bare_events", version: 1 } } },
      "window.featureGroup",
    ],
    ["a negative threshold", { thresholds: { psi: -1 } }, "thresholds.psi"],
  ])("%s: 422 naming the field, nothing queued or saved", async (_label, overrides, field) => {
    const jobs = await db.job.count({ where: { projectId: fx.project.id, type: "backtest" } });
    const backtests = await db.backtest.count({ where: { projectId: fx.project.id } });
    const response = await api.create(accountsBacktest(overrides));
    expect(response.status, JSON.stringify(response.json)).toBe(422);
    expect(response.json.errors.map((error: { path: string }) => error.path)).toContain(field);
    expect(await db.job.count({ where: { projectId: fx.project.id, type: "backtest" } })).toBe(jobs);
    expect(await db.backtest.count({ where: { projectId: fx.project.id } })).toBe(backtests);
  });
});
