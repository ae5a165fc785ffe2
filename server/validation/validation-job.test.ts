import { beforeAll, describe, expect, it } from "vitest";
import * as cancelRoute from "@/app/api/v1/projects/[project]/jobs/[jobId]/cancel/route";
import * as suiteRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/validation/suite/route";
import { db } from "@/server/db/client";
import { enqueueJob } from "@/server/jobs";
import { accessFor, callRoute, userContext } from "@/test/helpers";
import { runClaimed } from "@/test/fixtures/run-claimed";
import { useOwnedProject } from "@/test/fixtures/test-project";
import { featureGroupApi } from "@/test/fixtures/feature-group-api";
import { PAYMENTS, runValidationJobNow, validationApi } from "@/test/fixtures/validation";
import { validationJobRunner } from "./validation-job";

// The on-demand validation job (docs/validation.md): it shows progress, can be cancelled between its phases, and
// only a job that SUCCEEDED leaves a report — a FAILED or CANCELLED one leaves none. No worker serves `validation`
// here: each job is queued through the API and run in this process, so a test decides when it runs.

const fx = useOwnedProject({ workerTypes: ["ingest"] });
const api = featureGroupApi(fx);
const validation = validationApi(fx);
const GROUP = "payments_job";
let featureGroupId: string;

const queueRun = async (body: Record<string, unknown> = {}) => {
  const response = await validation.run(GROUP, body);
  expect(response.status, JSON.stringify(response.json)).toBe(202);
  return db.job.findUniqueOrThrow({ where: { id: response.json.job.id } });
};
const reportsOf = (jobId: string) => db.validationReport.count({ where: { jobId } });
const cancel = (jobId: string) =>
  callRoute(cancelRoute.POST, { project: fx.project.name, jobId }, { userId: fx.owner.id, method: "POST" });

beforeAll(async () => {
  featureGroupId = (await api.createGroup(GROUP, PAYMENTS)).id;
  const ids = [1, 2, 3];
  const rows = ids.map((id) => ({
    payment_id: id,
    paid_at: "2026-01-01T00:00:00Z",
    amount: id === 2 ? null : id,
    currency: "EUR",
    email: `p${id}@example.com`,
    card_token: "tok_abcd",
  }));
  expect((await api.insert(GROUP, rows)).status).toBe("SUCCEEDED");
  await validation.saveSuite(GROUP, "ALWAYS", [{ type: "not_null", feature: "amount" }]);
});

describe("the validation job", () => {
  it("runs to SUCCEEDED with progress 1 and records one report naming it", async () => {
    const queued = await queueRun();
    expect(queued).toMatchObject({ type: "validation", status: "QUEUED", featureGroupId });
    await runValidationJobNow(queued.id);
    const job = await db.job.findUniqueOrThrow({ where: { id: queued.id } });
    expect(job).toMatchObject({ status: "SUCCEEDED", progress: 1 });
    expect(Number(job.rowsProcessed)).toBe(3);
    const [report] = await validation.reports(GROUP, { jobId: job.id });
    expect(report).toMatchObject({ trigger: "ON_DEMAND", outcome: "FAILED", rowCount: 3, jobId: job.id });
    expect(job.result).toMatchObject({ reportId: report.id, outcome: "FAILED", failedRules: 1, rules: 1 });
    expect(await reportsOf(job.id)).toBe(1);
  });

  it("cancelled while queued: CANCELLED, no report", async () => {
    const job = await queueRun();
    expect((await cancel(job.id)).status).toBe(200);
    await runValidationJobNow(job.id);
    expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("CANCELLED");
    expect(await reportsOf(job.id)).toBe(0);
  });

  it("cancelled while the rules are checked: stops before recording, no report", async () => {
    const job = await queueRun();
    const controller = new AbortController();
    const phases: number[] = [];
    const run = runClaimed(validationJobRunner, job, {
      signal: controller.signal,
      // The cancellation arrives once the evaluation has started.
      progress: ({ fraction }) => {
        phases.push(fraction);
        if (fraction >= 0.1) controller.abort(new Error("cancelled by the test"));
      },
    });
    await expect(run).rejects.toThrow("cancelled by the test");
    expect(phases).toEqual([0.05, 0.1]);
    expect(await reportsOf(job.id)).toBe(0);
  });

  it("cancel requested just before the report: nothing is recorded", async () => {
    const job = await queueRun();
    await db.job.update({ where: { id: job.id }, data: { status: "RUNNING", attempts: 1 } });
    // The request is in the row; the worker's watcher (not running here) has not aborted the signal yet.
    expect((await cancel(job.id)).status).toBe(200);
    const run = runClaimed(validationJobRunner, job, { signal: new AbortController().signal, progress: () => {} });
    await expect(run).rejects.toThrow("before its report was recorded");
    expect(await reportsOf(job.id)).toBe(0);
  });

  it("FAILS without a report when the suite was removed after the request", async () => {
    const job = await queueRun();
    const removed = await callRoute(
      suiteRoute.DELETE,
      { project: fx.project.name, name: GROUP, version: "1" },
      { userId: fx.owner.id, method: "DELETE" },
    );
    expect(removed.status).toBe(204);
    await runValidationJobNow(job.id);
    const ended = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(ended.status).toBe("FAILED");
    expect(ended.attempts).toBe(1);
    expect(ended.error).toContain("has no expectation suite");
    expect(await reportsOf(job.id)).toBe(0);
    await validation.saveSuite(GROUP, "ALWAYS", [{ type: "not_null", feature: "amount" }]);
  });

  it("FAILS without a report on a commit that cannot be read", async () => {
    const job = await enqueueJob({
      ctx: userContext(fx.owner),
      access: accessFor(fx.project, "OWNER"),
      type: "validation",
      payload: { featureGroupId, commit: 999 },
      featureGroupId,
    });
    await runValidationJobNow(job.id);
    const ended = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(ended).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(ended.error).toContain("Commit 999 cannot be read");
    expect(await reportsOf(job.id)).toBe(0);
  });
});
