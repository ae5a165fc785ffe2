import { rm } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import * as cancelRoute from "@/app/api/v1/projects/[project]/jobs/[jobId]/cancel/route";
import { db } from "@/server/db/client";
import { callRoute } from "@/test/helpers";
import { runClaimed } from "@/test/fixtures/run-claimed";
import { useOwnedProject } from "@/test/fixtures/test-project";
import { ACCOUNTS, accountRows, backtestApi, runBacktestJobNow } from "@/test/fixtures/backtests";
import { backtestJobRunner } from "./backtest-job";

// The backtest job (docs/backtesting.md): it reports progress by phase, can be cancelled, and only a job that
// SUCCEEDED leaves a report — a FAILED or CANCELLED one leaves none, whatever it had computed. No worker serves
// `backtest` here: each job is queued through the API and run in this process, so a test decides when it runs.

const fx = useOwnedProject();
const api = backtestApi(fx);
const COLUMNS = "account_id, amount, segment, opened_at";
const body = (name: string) => ({
  target: { featureGroup: { name, version: 2 } },
  baseline: { version: 1 },
  window: { kind: "timeRange", start: "2026-01-01T00:00:00Z", end: "2026-02-01T00:00:00Z" },
});
const rows = (offset: number) => accountRows([1, 2, 3].map((id) => [id, id * 10 + offset, "a", id]));

/** Two versions of a group, each with three rows. */
const defineGroup = async (name: string) => {
  await api.defineVersion(name, 1, ACCOUNTS, { values: rows(0), columns: COLUMNS });
  await api.defineVersion(name, 2, ACCOUNTS, { values: rows(5), columns: COLUMNS });
};
const queue = async (name: string) => {
  const response = await api.create(body(name));
  expect(response.status, JSON.stringify(response.json)).toBe(202);
  return db.job.findUniqueOrThrow({ where: { id: response.json.job.id } });
};
const backtestsOf = (jobId: string) => db.backtest.count({ where: { jobId } });
const cancel = (jobId: string) =>
  callRoute(cancelRoute.POST, { project: fx.project.name, jobId }, { userId: fx.owner.id, method: "POST" });

beforeAll(async () => {
  for (const name of ["ok", "vanishing", "broken", "cancelled", "late_cancel"]) await defineGroup(name);
});

describe("the backtest job", () => {
  it("runs to SUCCEEDED through its phases and records one report naming it", async () => {
    const job = await queue("ok");
    const fractions: number[] = [];
    const result = await runClaimed(backtestJobRunner, job, {
      signal: new AbortController().signal,
      progress: ({ fraction }) => fractions.push(fraction),
    });
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.length).toBeGreaterThanOrEqual(6);
    expect(result).toMatchObject({
      rows: { baseline: 3, candidate: 3 },
      keysOnlyInBaseline: 0,
      keysOnlyInCandidate: 0,
    });
    expect(await backtestsOf(job.id)).toBe(1);
  });

  it("cancelled while queued: CANCELLED, no report", async () => {
    const job = await queue("ok");
    expect((await cancel(job.id)).status).toBe(200);
    expect(await runBacktestJobNow(job.id)).toBe("completed");
    expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("CANCELLED");
    expect(await backtestsOf(job.id)).toBe(0);
  });

  it("cancelled once the baseline is computed: stops, no report", async () => {
    const job = await queue("cancelled");
    const controller = new AbortController();
    const run = runClaimed(backtestJobRunner, job, {
      signal: controller.signal,
      progress: ({ fraction }) => {
        if (fraction >= 0.35) controller.abort(new Error("cancelled by the test"));
      },
    });
    await expect(run).rejects.toThrow("cancelled by the test");
    expect(await backtestsOf(job.id)).toBe(0);
  });

  it("cancel requested just before the report: nothing is recorded", async () => {
    const job = await queue("late_cancel");
    await db.job.update({ where: { id: job.id }, data: { status: "RUNNING", attempts: 1 } });
    expect((await cancel(job.id)).status).toBe(200);
    // The signal never aborts here (no watcher): the runner finds the cancel request when it records.
    await expect(
      backtestJobRunner.run({
        job: { ...job, attempt: 1 },
        payload: job.payload as never,
        progress: () => {},
        log: async () => {},
        signal: new AbortController().signal,
        attempt: 1,
        refuseCancellation: async () => {},
      }),
    ).rejects.toThrow("stopped being this attempt's");
    expect(await backtestsOf(job.id)).toBe(0);
  });

  it("FAILS without a report when a version was deleted after the request", async () => {
    const job = await queue("vanishing");
    await db.featureGroup.deleteMany({ where: { projectId: fx.project.id, name: "vanishing", version: 1 } });
    expect(await runBacktestJobNow(job.id)).toBe("final");
    const ended = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(ended).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(ended.error).toContain("baselineFeatureGroupId");
    expect(await backtestsOf(job.id)).toBe(0);
  });

  it("FAILS without a report when the new version cannot be read, after computing the baseline", async () => {
    const job = await queue("broken");
    const group = await db.featureGroup.findFirstOrThrow({
      where: { projectId: fx.project.id, name: "broken", version: 2 },
    });
    await rm(group.tablePath, { recursive: true, force: true });
    let outcome = "retry";
    for (let attempt = 0; attempt < 5 && outcome === "retry"; attempt += 1) outcome = await runBacktestJobNow(job.id);
    const ended = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(ended.status).toBe("FAILED");
    expect(ended.attempts).toBe(ended.maxAttempts);
    expect(await backtestsOf(job.id)).toBe(0);
    const logs = await db.jobLog.findMany({ where: { jobId: job.id }, orderBy: { id: "asc" } });
    expect(logs.map((log) => log.message).join("\n")).toMatch(/Attempt 3 failed/);
  });
});
