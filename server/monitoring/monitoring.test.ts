import { beforeAll, describe, expect, it } from "vitest";
import * as monitorsRoute from "@/app/api/v1/projects/[project]/monitors/route";
import * as runRoute from "@/app/api/v1/projects/[project]/monitors/[monitor]/run/route";
import * as runsRoute from "@/app/api/v1/projects/[project]/monitors/[monitor]/runs/route";
import * as monitorRoute from "@/app/api/v1/projects/[project]/monitors/[monitor]/route";
import * as alertsRoute from "@/app/api/v1/projects/[project]/alerts/route";
import { HIDDEN_VALUE } from "@/lib/feature-values";
import { db } from "@/server/db/client";
import { callRoute, waitForJobEnd } from "@/test/helpers";
import { featureList, useOwnedProject } from "@/test/fixtures/test-project";
import { featureGroupApi } from "@/test/fixtures/feature-group-api";

// Drift monitors end to end through the routes and the monitor-run job: validation (422 naming the field, nothing
// saved), a run over a rolling event-time window against the previous window (values, rows, histograms, an alert),
// a window of 0 rows (stored and said, no alert, no histogram), and what an Auditor sees.

const fx = useOwnedProject({ roles: ["AUDITOR"], workerTypes: ["ingest", "monitor-run"] });
const api = featureGroupApi(fx);
const GROUP = "payments";
const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const projectParams = () => ({ project: fx.project.name });
const auditorId = () => fx.members[0].id;

const body = (overrides: Record<string, unknown> = {}) => ({
  name: "payments_drift",
  target: { featureGroup: { name: GROUP, version: 1 } },
  features: [
    {
      name: "x",
      metrics: [
        { metric: "ks", threshold: 0.5 },
        { metric: "wasserstein", threshold: 1000 },
        { metric: "jensenShannon", threshold: 0.5 },
      ],
    },
    { name: "label", metrics: [{ metric: "psi", threshold: 0.2 }] },
  ],
  detection: { kind: "rolling", duration: "1d" },
  reference: { kind: "previousWindow" },
  cron: "0 * * * *",
  ...overrides,
});
const create = (input: unknown, userId = fx.owner.id) =>
  callRoute(monitorsRoute.POST, projectParams(), { userId, method: "POST", body: input });
const runNow = async (monitor: string) => {
  const response = await callRoute(
    runRoute.POST,
    { ...projectParams(), monitor },
    { userId: fx.owner.id, method: "POST" },
  );
  expect(response.status, JSON.stringify(response.json)).toBe(202);
  const job = await waitForJobEnd(response.json.job.id, 90_000);
  expect(job.status, JSON.stringify(job.error)).toBe("SUCCEEDED");
};
const runs = async (monitor: string, userId = fx.owner.id) => {
  const response = await callRoute(runsRoute.GET, { ...projectParams(), monitor }, { userId });
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  return response.json.runs;
};

beforeAll(async () => {
  await api.createGroup(GROUP, {
    primaryKey: ["id"],
    eventTime: "ts",
    features: featureList({ id: "bigint", x: "double", label: "string", ts: "timestamp" }),
  });
  // The previous day: x = 0…9, label "a"; the last day: x = 100…109, label "b" (disjoint supports).
  const rows = [
    ...Array.from({ length: 10 }, (_, i) => ({ id: i, x: i, label: "a", ts: ago(30 * HOUR + i * 60_000) })),
    ...Array.from({ length: 10 }, (_, i) => ({ id: 100 + i, x: 100 + i, label: "b", ts: ago(2 * HOUR + i * 60_000) })),
  ];
  expect((await api.insert(GROUP, rows)).status).toBe("SUCCEEDED");
}, 90_000);

describe("bad input: 422 naming the field, nothing saved", () => {
  it.each([
    [
      "an unknown feature",
      { features: [{ name: "nope", metrics: [{ metric: "psi", threshold: 1 }] }] },
      "features.0.name",
    ],
    [
      "a threshold of the wrong type",
      { features: [{ name: "x", metrics: [{ metric: "psi", threshold: "high" }] }] },
      "features.0.metrics.0.threshold",
    ],
    [
      "a numeric metric on a string",
      { features: [{ name: "label", metrics: [{ metric: "ks", threshold: 1 }] }] },
      "features.0.metrics.0.metric",
    ],
    ["an invalid cron", { cron: "every hour" }, "cron"],
    [
      "a window that ends before it starts",
      { reference: { kind: "fixedWindow", start: ago(HOUR), end: ago(2 * HOUR) } },
      "reference.end",
    ],
    [
      "an unknown training dataset",
      { reference: { kind: "trainingDataset", name: "nope", version: 1 } },
      "reference.name",
    ],
    ["a malformed duration", { detection: { kind: "rolling", duration: "yesterday" } }, "detection.duration"],
  ])("%s", async (_, overrides, field) => {
    const before = await db.monitor.count({ where: { projectId: fx.project.id } });
    const schedules = await db.jobSchedule.count({ where: { projectId: fx.project.id } });
    const response = await create(body({ name: "bad_monitor", ...overrides }));
    expect(response.status, JSON.stringify(response.json)).toBe(422);
    expect(response.json.errors.map((error: { path: string }) => error.path)).toContain(field);
    expect(await db.monitor.count({ where: { projectId: fx.project.id } })).toBe(before);
    expect(await db.jobSchedule.count({ where: { projectId: fx.project.id } })).toBe(schedules);
  });
});

describe("a run", () => {
  it("compares the last day with the day before: metrics, rows, histograms, and an alert", async () => {
    const created = await create(body());
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({ name: "payments_drift", cron: "0 * * * *", lastRun: null });
    expect(created.json.nextRunAt).not.toBeNull();
    await runNow("payments_drift");
    const [run] = await runs("payments_drift");
    expect(run).toMatchObject({ detection: { rows: 10 }, reference: { rows: 10 }, empty: null, breaches: 3 });
    const x = run.features.find((feature: { name: string }) => feature.name === "x");
    // Disjoint supports: KS = 1, JS = 1 bit, W1 = the shift of 100.
    expect(x.metrics).toEqual([
      { metric: "ks", threshold: 0.5, value: 1, breached: true },
      { metric: "wasserstein", threshold: 1000, value: 100, breached: false },
      { metric: "jensenShannon", threshold: 0.5, value: 1, breached: true },
    ]);
    // The reference's edges 0…9 in 10 bins; every detection value lies in the open bin above.
    expect(x.histogram.edges).toHaveLength(11);
    expect(x.histogram.reference).toEqual({ counts: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], below: 0, above: 0 });
    expect(x.histogram.detection).toEqual({ counts: Array(10).fill(0), below: 0, above: 10 });
    const label = run.features.find((feature: { name: string }) => feature.name === "label");
    expect(label.histogram).toEqual({
      kind: "categories",
      values: ["a"],
      reference: { counts: [10], other: 0 },
      detection: { counts: [0], other: 10 },
    });
    expect(label.metrics[0].breached).toBe(true);

    const alerts = await callRoute(alertsRoute.GET, projectParams(), {
      userId: auditorId(),
      query: { subject: `featureGroup:${GROUP}:1` },
    });
    expect(alerts.status).toBe(200);
    expect(alerts.json.alerts).toHaveLength(1);
    expect(alerts.json.alerts[0]).toMatchObject({ kind: "monitoring.drift", severity: "warning" });
    expect(alerts.json.alerts[0].message).toContain("x: ks above 0.5");
    expect(alerts.json.alerts[0].link).toContain("tab=monitoring");
  });

  it("shows an Auditor the windows and which thresholds were crossed, never values or histograms", async () => {
    const [run] = await runs("payments_drift", auditorId());
    expect(run.detection.rows).toBe(10);
    for (const feature of run.features) {
      expect(feature.histogram).toBe(HIDDEN_VALUE);
      for (const metric of feature.metrics) expect(metric.value).toBe(HIDDEN_VALUE);
    }
    expect(run.features[0].metrics.map((metric: { breached: boolean }) => metric.breached)).toEqual([
      true,
      false,
      true,
    ]);
  });

  it("stores a window of 0 rows as such: no metrics, no histogram, no alert", async () => {
    const alertsBefore = await db.alert.count({ where: { projectId: fx.project.id } });
    const created = await create(
      body({
        name: "payments_recent",
        detection: { kind: "rolling", duration: "30m" },
        reference: { kind: "fixedWindow", start: ago(40 * HOUR), end: ago(HOUR) },
        cron: null,
      }),
    );
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    await runNow("payments_recent");
    const [run] = await runs("payments_recent");
    expect(run.detection.rows).toBe(0);
    expect(run.reference.rows).toBe(20);
    expect(run.empty).toMatch(/^no rows between \d{4}-.+ and \d{4}-/);
    expect(run.breaches).toBe(0);
    for (const feature of run.features) {
      expect(feature.histogram).toBeNull();
      expect(feature.metrics.every((metric: { value: unknown }) => metric.value === null)).toBe(true);
    }
    expect(await db.alert.count({ where: { projectId: fx.project.id } })).toBe(alertsBefore);
  });

  it("reads the rows the last N commits wrote against fixed values, and edits keep the schedule in step", async () => {
    const patched = await callRoute(
      monitorRoute.PATCH,
      { ...projectParams(), monitor: "payments_recent" },
      {
        userId: fx.owner.id,
        method: "PATCH",
        body: {
          detection: { kind: "commits", count: 1 },
          reference: { kind: "fixedValues", values: { x: ["a", "b"], label: ["a", "b"] } },
          features: [
            { name: "x", metrics: [{ metric: "meanShift", threshold: 100 }] },
            { name: "label", metrics: [{ metric: "chiSquare", threshold: 1e9 }] },
          ],
          cron: "*/15 * * * *",
        },
      },
    );
    expect(patched.status, JSON.stringify(patched.json)).toBe(422);
    expect(patched.json.errors.map((error: { path: string }) => error.path)).toEqual(["reference.values.x"]);
    const ok = await callRoute(
      monitorRoute.PATCH,
      { ...projectParams(), monitor: "payments_recent" },
      {
        userId: fx.owner.id,
        method: "PATCH",
        body: {
          detection: { kind: "commits", count: 1 },
          reference: { kind: "fixedValues", values: { x: [0, 1, 2, 3] } },
          features: [{ name: "x", metrics: [{ metric: "meanShift", threshold: 100 }] }],
          cron: "*/15 * * * *",
        },
      },
    );
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json.cron).toBe("*/15 * * * *");
    await runNow("payments_recent");
    const [run] = await runs("payments_recent");
    expect(run.detection).toMatchObject({ rows: 20, label: "rows written by commits 1–1" });
    // mean of 0…9 and 100…109 = 54.5 against 1.5: |54.5 − 1.5| / 1.5
    expect(run.features[0].metrics[0].value).toBeCloseTo(53 / 1.5, 10);
  });
});
