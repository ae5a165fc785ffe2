import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as previewRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/preview/route";
import * as changesRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/changes/route";
import * as onlineRowsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/online/rows/route";
import * as statisticsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/statistics/route";
import * as reportsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/validation/reports/route";
import * as datasetRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/route";
import * as splitRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/splits/[split]/route";
import * as servedRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/served-vectors/route";
import * as searchRoute from "@/app/api/v1/search/route";
import * as batchRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/batch-data/route";
import * as monitorsRoute from "@/app/api/v1/projects/[project]/monitors/route";
import * as runMonitorRoute from "@/app/api/v1/projects/[project]/monitors/[monitor]/run/route";
import { featureValue } from "@/lib/feature-values";
import { db } from "@/server/db/client";
import { drainServedVectors } from "@/server/serving/run-served-vectors";
import { callRoute, waitForJobEnd } from "@/test/helpers";
import { useOwnedProject } from "@/test/fixtures/test-project";
import { validationApi } from "@/test/fixtures/validation";
import {
  ERASED,
  KEPT,
  downloadReport,
  eraseAndWait,
  filesHolding,
  redisHolding,
  registryTablesHolding,
  seedCustomers,
} from "@/test/fixtures/erasure";
import type { TErasureRequest } from "@/lib/api/erasure";

// Issue 20: after an erasure, the erased values are nowhere — not in any file of the project (table data, JSON
// commits with their per-file statistics, checkpoints, training datasets, served vectors), not in the online store,
// not in any registry table — and every read path omits or refuses them, while the others' rows stay. The scans are
// first shown to find the values before the erasure, so that a scan that cannot see would fail the test.

const fx = useOwnedProject({
  roles: ["AUDITOR"],
  workerTypes: ["ingest", "materialize", "training-dataset", "statistics", "monitor-run", "erasure"],
});
const NEEDLES = [ERASED.customerId, ERASED.email, ERASED.oldEmail];
const params = (extra: Record<string, string> = {}) => ({
  project: fx.project.name,
  name: "customers",
  version: "1",
  ...extra,
});
const waitForStatistics = async () => {
  for (const job of await db.job.findMany({ where: { projectId: fx.project.id, type: "statistics" } }))
    await waitForJobEnd(job.id, 120_000);
};

let erasure: TErasureRequest;
let before: { files: Awaited<ReturnType<typeof filesHolding>>; registry: string[]; redis: string[] };

beforeAll(async () => {
  const validation = validationApi(fx);
  await seedCustomers(fx, "customers", async () => {
    await validation.saveSuite("customers", "ALWAYS", [{ type: "between", feature: "score", min: 0, max: 1 }]);
  });
  await waitForStatistics();
  const view = await db.featureView.findFirstOrThrow({ where: { projectId: fx.project.id, name: "customers_view" } });
  // Vectors the feature server sampled: one drained into the view's served-vector table, one still staged.
  const vector = (customerId: string, email: string) => ({
    featureViewId: view.id,
    servedAt: new Date(),
    status: "COMPLETE",
    values: { customer_id: customerId, email, score: 1, updated_at: "2026-03-02T10:00:00.000000Z" },
  });
  await db.servedVectorLog.createMany({
    data: [vector(ERASED.customerId, ERASED.email), vector(KEPT.customerId, KEPT.email)],
  });
  await drainServedVectors({ projectId: fx.project.id, featureViewId: view.id });
  await db.servedVectorLog.create({ data: vector(ERASED.customerId, ERASED.email) });
  // A drift monitor's run over the commits: its histogram of the categorical email lists the values it saw.
  const as = { userId: fx.owner.id, method: "POST" };
  const monitor = {
    name: "email_drift",
    target: { featureGroup: { name: "customers", version: 1 } },
    features: [{ name: "email", metrics: [{ metric: "psi", threshold: 0.2 }] }],
    detection: { kind: "commits", count: 3 },
    reference: { kind: "fixedWindow", start: "2026-03-01T00:00:00Z", end: "2026-03-05T00:00:00Z" },
    cron: null,
  };
  expect((await callRoute(monitorsRoute.POST, { project: fx.project.name }, { ...as, body: monitor })).status).toBe(
    201,
  );
  const run = await callRoute(runMonitorRoute.POST, { project: fx.project.name, monitor: "email_drift" }, as);
  expect(run.status, JSON.stringify(run.json)).toBe(202);
  expect((await waitForJobEnd(run.json.job.id, 120_000)).status).toBe("SUCCEEDED");
  // A value in a job's log, marked as runners mark them ("row 2: "…" is not a number").
  const ingest = await db.job.findFirstOrThrow({ where: { projectId: fx.project.id, type: "ingest" } });
  await db.jobLog.create({
    data: {
      jobId: ingest.id,
      level: "warn",
      message: `row 2: ${featureValue(JSON.stringify(ERASED.email))} looked odd`,
    },
  });
  before = {
    files: await filesHolding(fx.project.id, NEEDLES),
    registry: (await registryTablesHolding(NEEDLES)).hits,
    redis: (await redisHolding(fx.project.id, NEEDLES)).hits,
  };
  erasure = await eraseAndWait(fx, {
    keys: [{ customer_id: ERASED.customerId }],
    datasetPolicy: "recreate",
    note: "ticket DSR-1",
  });
  await waitForStatistics();
}, 600_000);

describe("an erasure removes a person's rows from every store", () => {
  it("the scans found the values before the erasure in files, registry tables and the online store", () => {
    const neededFiles = ["_delta_log", "training", "served-vectors"];
    for (const where of neededFiles)
      expect(
        before.files.hits.some((hit) => hit.file.includes(where)),
        `${where}: ${JSON.stringify(before.files.hits)}`,
      ).toBe(true);
    for (const table of ["ValidationReport", "FeatureStatistics", "ServedVectorLog", "JobLog", "MonitorRun"])
      expect(
        before.registry.some((hit) => hit.startsWith(`public.${table}:`)),
        `${table}: ${before.registry}`,
      ).toBe(true);
    expect(before.redis.length).toBeGreaterThan(0);
  });

  it("finds no erased value in any file of the project afterwards, while the others' rows are still there", async () => {
    const after = await filesHolding(fx.project.id, NEEDLES);
    expect(after.hits).toEqual([]);
    expect(after.files).toBeGreaterThan(5);
    expect((await filesHolding(fx.project.id, [KEPT.email])).hits.length).toBeGreaterThan(0);
  });

  it("finds no erased value in any table of the registry (audit log and the request itself included) nor in Redis", async () => {
    expect((await registryTablesHolding(NEEDLES)).hits).toEqual([]);
    expect((await redisHolding(fx.project.id, NEEDLES)).hits).toEqual([]);
  });

  it("previews omit the rows, and time travel to a version before the erasure is refused as erased, naming the version", async () => {
    const latest = await callRoute(previewRoute.GET, params(), { userId: fx.owner.id, query: { limit: "100" } });
    expect(latest.status).toBe(200);
    const ids = (latest.json.rows as { customer_id: string }[]).map((r) => r.customer_id);
    expect(ids).toContain(KEPT.customerId);
    expect(ids).not.toContain(ERASED.customerId);
    const old = await callRoute(previewRoute.GET, params(), { userId: fx.owner.id, query: { asOfVersion: "2" } });
    expect(old.status).toBe(422);
    expect(old.json.errors[0].path).toBe("query.asOfVersion");
    expect(old.json.detail).toMatch(/version 2 was erased and vacuumed.*oldest readable version is \d+/);
    const byTime = await callRoute(previewRoute.GET, params(), {
      userId: fx.owner.id,
      query: { asOfTime: "2026-01-01T00:00:00Z" },
    });
    expect(byTime.status).toBe(422);
    expect(byTime.json.errors[0].path).toBe("query.asOfTime");
    const changes = await callRoute(changesRoute.GET, params(), { userId: fx.owner.id, query: { fromVersion: "0" } });
    expect(changes.status).toBe(422);
    expect(changes.json.errors[0].path).toBe("query.fromVersion");
  });

  it("the online store no longer has the key; the others' keys are served", async () => {
    const found = async (key: string) => {
      const rows = await callRoute(onlineRowsRoute.GET, params(), { userId: fx.owner.id, query: { key } });
      expect(rows.status, JSON.stringify(rows.json)).toBe(200);
      return rows.json.rows[0].found;
    };
    expect(await found(ERASED.customerId)).toBe(false);
    expect(await found(KEPT.customerId)).toBe(true);
  });

  it("re-creates the training dataset without the rows (the old version's files deleted, its download refused)", async () => {
    const old = await callRoute(
      datasetRoute.GET,
      { project: fx.project.name, name: "customers_view", version: "1" },
      { userId: fx.owner.id },
    );
    expect(old.json.status).toBe("ERASED");
    expect(old.json.erasure).toMatchObject({ requestId: erasure.id, state: "recreated" });
    expect(old.json.erasure.message).toMatch(/re-created without the erased rows as version 2/);
    const download = await callRoute(
      splitRoute.GET,
      { project: fx.project.name, name: "customers_view", version: "1", split: "all" },
      { userId: fx.owner.id },
    );
    expect(download.status).toBe(404);
    const rebuilt = await callRoute(
      datasetRoute.GET,
      { project: fx.project.name, name: "customers_view", version: "2" },
      { userId: fx.owner.id },
    );
    expect(rebuilt.json).toMatchObject({ status: "READY", rowCount: old.json.rowCount - 2 });
    expect(rebuilt.json.erasure.message).toMatch(/cannot be re-created again/);
  });

  it("statistics of the purged commits are gone; validation reports keep their counts without the person's failing row", async () => {
    const stale = await db.featureStatistics.count({
      where: { featureGroupId: erasure.featureGroups[0].id, deltaVersion: { lt: 4 } },
    });
    expect(stale).toBe(0);
    const described = await callRoute(statisticsRoute.GET, params(), { userId: fx.owner.id, query: { commit: "2" } });
    expect(described.status).toBeGreaterThanOrEqual(400);
    const reports = await callRoute(reportsRoute.GET, params(), { userId: fx.owner.id });
    const failing = reports.json.reports.flatMap(
      (r: { results: { failingRows: number; failingSamples: unknown[] }[] }) => r.results,
    );
    expect(failing.some((result: { failingRows: number }) => result.failingRows > 0)).toBe(true);
    expect(JSON.stringify(failing)).not.toContain(ERASED.customerId);
  });

  it("batch data of the feature view finds no features for the erased key", async () => {
    const batch = await callRoute(
      batchRoute.POST,
      { project: fx.project.name, name: "customers_view", version: "1" },
      {
        userId: fx.owner.id,
        method: "POST",
        body: { entities: [{ customer_id: ERASED.customerId }, { customer_id: KEPT.customerId }] },
      },
    );
    expect(batch.status, JSON.stringify(batch.json)).toBe(200);
    const text = JSON.stringify(batch.json);
    expect(text).toContain(KEPT.email);
    expect(text).not.toContain(ERASED.email);
  });

  it("served vectors, search and the report hold no value; the report's SHA-256 verifies", async () => {
    const served = await callRoute(
      servedRoute.GET,
      { project: fx.project.name, name: "customers_view", version: "1" },
      { userId: fx.owner.id, query: { limit: "100" } },
    );
    expect(served.status).toBe(200);
    expect(JSON.stringify(served.json)).toContain(KEPT.customerId);
    expect(JSON.stringify(served.json)).not.toContain(ERASED.customerId);
    const search = await callRoute(searchRoute.GET, {}, { userId: fx.owner.id, query: { q: "forget.me" } });
    expect(JSON.stringify(search.json)).not.toContain(ERASED.email);
    const report = await downloadReport(fx, erasure.id);
    expect(report.status).toBe(200);
    const digest = createHash("sha256").update(report.bytes).digest("hex");
    expect(digest).toBe(erasure.report!.sha256);
    expect(report.headers.get("x-larder-report-sha256")).toBe(digest);
    const text = report.bytes.toString("utf8");
    for (const needle of NEEDLES) expect(text).not.toContain(needle);
    const parsed = JSON.parse(text);
    expect(parsed.summary).toMatchObject({ rowsErased: 2, trainingDatasets: 1 });
    expect(parsed.featureGroups[0].offline.filesRewritten).toBeGreaterThan(0);
    expect(parsed.trainingDatasets[0]).toMatchObject({ action: "recreated", newVersion: 2 });
    expect(parsed.request.keyDigests).toEqual(erasure.keyDigests);
  });

  it("is audited with the key's digest, and an Auditor reads the request", async () => {
    const events = await db.auditEvent.findMany({
      where: { projectId: fx.project.id, action: { startsWith: "erasure." } },
    });
    expect(events.map((event) => event.action).sort()).toEqual(["erasure.complete", "erasure.request"]);
    expect(JSON.stringify(events.map((event) => event.details))).toContain(erasure.keyDigests[0]);
    const asAuditor = await callRoute(
      (await import("@/app/api/v1/projects/[project]/erasure-requests/[requestId]/route")).GET,
      { project: fx.project.name, requestId: erasure.id },
      { userId: fx.member.id },
    );
    expect(asAuditor.status).toBe(200);
    expect(asAuditor.json).toMatchObject({ status: "COMPLETED", filtering: true, summary: { rowsErased: 2 } });
  });
});
