import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { newId } from "@/server/ids";
import { accessFor, createTestProject, createTestUser, userContext } from "@/test/helpers";
import { getBoss, queueNameFor, SCHEDULE_QUEUE, stopBoss } from "./boss";
import { cancelJob } from "./cancel";
import { enqueueJob, insertJob } from "./enqueue";
import { sweepOrphanedJobs } from "./reaper";
import { createJobSchedule, fireSchedule } from "./schedules";
import { registerTestJobContracts, TEST_JOB_RUNNERS, testProgressJob } from "@/test/fixtures/test-jobs";
import { killWorkerChild, startRescuer, startWorkerChild } from "@/test/fixtures/worker-crash";
import { startWorker, type TWorker } from "./worker";
import { createOwnedProject } from "@/test/fixtures/test-project";

// The job runner end to end: real PostgreSQL, real pg-boss, a real worker in this process and, for the
// crash test, one in a child process that is SIGKILLed mid-job.

registerTestJobContracts();

const IN_PROCESS_TYPES = ["test.progress", "test.flaky", "test.permanent", "test.cancellable", "test.scheduled"];

let worker: TWorker;
let owner: Awaited<ReturnType<typeof createTestUser>>;
let project: Awaited<ReturnType<typeof createTestProject>>;

const ctx = () => userContext(owner);
const access = () => accessFor(project, "OWNER");
/** Enqueues a job in the test project as its owner. */
const enqueue = (type: string, payload: unknown) => enqueueJob({ ctx: ctx(), access: access(), type, payload });

const waitForJob = async (
  jobId: string,
  done: (job: NonNullable<Awaited<ReturnType<typeof db.job.findUnique>>>) => boolean,
  timeoutMs = 20_000,
) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await db.job.findUnique({ where: { id: jobId } });
    if (job && done(job)) return job;
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for job ${jobId}; last seen ${JSON.stringify(job, (_k, v) => (typeof v === "bigint" ? Number(v) : v))}`,
      );
    await sleep(100);
  }
};

const isFinal = (job: { status: string }) => ["SUCCEEDED", "FAILED", "CANCELLED"].includes(job.status);
const logsOf = async (jobId: string) =>
  (await db.jobLog.findMany({ where: { jobId }, orderBy: { id: "asc" } })).map((log) => `${log.level}: ${log.message}`);

beforeAll(async () => {
  ({ owner, project } = await createOwnedProject());
  worker = await startWorker({
    runners: TEST_JOB_RUNNERS,
    types: IN_PROCESS_TYPES,
    superviseIntervalSeconds: 1,
    concurrency: 4,
  });
});

afterAll(async () => {
  await worker?.stop({ graceMs: 1_000 });
  await stopBoss();
});

describe("the job runner", () => {
  it("runs a job to SUCCEEDED, with progress, rows processed, logs and the result", async () => {
    const job = await enqueue("test.progress", { steps: 8, stepMs: 100 });
    expect(job.status).toBe("QUEUED");
    const seenProgress = new Set<number>();
    const deadline = Date.now() + 15_000;
    let row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    while (!isFinal(row) && Date.now() < deadline) {
      if (row.status === "RUNNING") seenProgress.add(row.progress);
      await sleep(50);
      row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    }
    expect(row.status).toBe("SUCCEEDED");
    expect(row.attempts).toBe(1);
    expect(row.progress).toBe(1);
    expect(row.rowsProcessed).toBe(80n);
    expect(row.result).toEqual({ rows: 80 });
    expect(row.startedAt).not.toBeNull();
    expect(row.finishedAt).not.toBeNull();
    // Intermediate progress reached the database (throttled, so not every step).
    expect([...seenProgress].some((fraction) => fraction > 0 && fraction < 1)).toBe(true);
    const logs = await logsOf(job.id);
    expect(logs[0]).toMatch(/^info: Attempt 1 of 3 started/);
    expect(logs).toContain("info: Halfway");
    expect(logs).toContain("info: Processed 80 rows");
    expect(logs.at(-1)).toMatch(/^info: Succeeded in/);
    const audit = await db.auditEvent.findFirst({
      where: { projectId: project.id, action: "job.enqueue", resourceId: job.id },
    });
    expect(audit?.actorId).toBe(owner.id);
  });

  it("retries a transient failure with backoff, then succeeds (attempts = 2)", async () => {
    const job = await enqueue("test.flaky", { failTimes: 1 });
    const row = await waitForJob(job.id, isFinal);
    expect(row.status).toBe("SUCCEEDED");
    expect(row.attempts).toBe(2);
    expect(row.result).toEqual({ attempt: 2 });
    const logs = await logsOf(job.id);
    expect(logs).toContain("warn: Attempt 1 failed: transient failure on attempt 1; will retry (2 attempt(s) left)");
    expect(logs.some((line) => line.startsWith("info: Attempt 2 of 3 started"))).toBe(true);
  });

  it("fails for good after maxAttempts transient failures", async () => {
    const job = await enqueue("test.flaky", { failTimes: 5 });
    const row = await waitForJob(job.id, isFinal);
    expect(row.status).toBe("FAILED");
    expect(row.attempts).toBe(3);
    expect(row.error).toBe("transient failure on attempt 3");
  });

  it("fails a PermanentJobError at once: attempts = 1, reason recorded, no retry", async () => {
    const job = await enqueue("test.permanent", { file: "missing.csv" });
    const row = await waitForJob(job.id, isFinal);
    expect(row.status).toBe("FAILED");
    expect(row.attempts).toBe(1);
    expect(row.error).toBe("File 'missing.csv' does not exist");
    // No retry is coming: pg-boss holds its job as failed for good (a retry would show "retry", then "created").
    const boss = await getBoss();
    const bossJob = async () => (await boss.findJobs(queueNameFor("test.permanent"), { key: job.id }))[0];
    const deadline = Date.now() + 20_000; // bounds this test's runtime only
    while (["created", "active"].includes((await bossJob()).state) && Date.now() < deadline) await sleep(100);
    expect(await bossJob()).toMatchObject({ state: "failed", retryCount: 0 });
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(await logsOf(job.id)).not.toContainEqual(expect.stringMatching(/will retry/));
  });

  it("validates the payload on enqueue (naming the field) and again in the worker (fails permanently)", async () => {
    await expect(enqueue("test.progress", { steps: "many" })).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: "payload.steps" })]),
    });
    await expect(enqueue("no.such-type", {})).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "type" })],
    });
    // A row whose payload went bad behind the API's back fails permanently in the worker.
    const job = await insertJob({
      ctx: null,
      project,
      contract: testProgressJob.contract,
      payload: { steps: -1, stepMs: 0 },
      createdById: owner.id,
    });
    const row = await waitForJob(job.id, isFinal);
    expect(row.status).toBe("FAILED");
    expect(row.attempts).toBe(1);
    expect(row.error).toMatch(/payload\.steps/);
  });

  it("cancels a running job: the definition sees the signal, status CANCELLED", async () => {
    const job = await enqueue("test.cancellable", {});
    await waitForJob(job.id, (row) => row.status === "RUNNING");
    const requested = await cancelJob({ ctx: ctx(), access: access(), jobId: job.id });
    expect(requested.cancelRequestedAt).not.toBeNull();
    // The runner sleeps 30 s unless it sees the signal; the wait below only bounds this test's runtime.
    const row = await waitForJob(job.id, isFinal);
    expect(row.status).toBe("CANCELLED");
    expect(row.result).toBeNull();
    expect(row.attempts).toBe(1);
    // The status is written before the attempt's last log lines settle: wait for the closing line.
    const deadline = Date.now() + 20_000; // bounds this test's runtime only
    let logs = await logsOf(job.id);
    while (!logs.includes("warn: Cancelled during attempt 1") && Date.now() < deadline) {
      await sleep(100);
      logs = await logsOf(job.id);
    }
    expect(logs).toContain("info: Saw the abort signal");
    expect(logs.at(-1)).toBe("warn: Cancelled during attempt 1");
  });

  it("cancels a queued job at once and its pg-boss job with it", async () => {
    // No worker serves this type, so the job stays queued.
    const job = await enqueue("test.crashable", { steps: 1, stepMs: 0 });
    const cancelled = await cancelJob({ ctx: ctx(), access: access(), jobId: job.id });
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.finishedAt).not.toBeNull();
    const boss = await getBoss();
    const [bossJob] = await boss.findJobs(queueNameFor("test.crashable"), { key: job.id });
    expect(bossJob.state).toBe("cancelled");
  });

  it("fires a schedule through the worker: a Job with scheduleId that runs; a redelivered firing makes no second job", async () => {
    const schedule = await createJobSchedule({
      ctx: ctx(),
      access: access(),
      input: { type: "test.scheduled", cron: "*/5  * * * *", payload: { note: "nightly" } },
    });
    expect(schedule.cron).toBe("*/5 * * * *");
    expect(schedule.nextRunAt).not.toBeNull();
    const boss = await getBoss();
    expect((await boss.getSchedule(SCHEDULE_QUEUE, schedule.id))?.cron).toBe("*/5 * * * *");
    // What pg-boss's cron pass does when the schedule comes due (waiting for a real minute is too slow here).
    await boss.send(SCHEDULE_QUEUE, { scheduleId: schedule.id });
    const deadline = Date.now() + 10_000;
    let job = await db.job.findFirst({ where: { scheduleId: schedule.id } });
    while (!job && Date.now() < deadline) {
      await sleep(100);
      job = await db.job.findFirst({ where: { scheduleId: schedule.id } });
    }
    expect(job).not.toBeNull();
    const row = await waitForJob(job!.id, isFinal);
    expect(row.status).toBe("SUCCEEDED");
    expect(row.result).toEqual({ note: "nightly" });
    expect(row.createdById).toBe(owner.id);
    expect(row.projectId).toBe(project.id);
    const again = await fireSchedule({ scheduleId: schedule.id, firedAt: row.createdAt });
    expect(again.jobId).toBe(job!.id);
    expect(await db.job.count({ where: { scheduleId: schedule.id } })).toBe(1);
    expect((await db.jobSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).lastRunAt).not.toBeNull();
  });

  it("the reaper re-queues a job no pg-boss job backs, and ends one with no attempts left", async () => {
    const longAgo = new Date(Date.now() - 5 * 60_000);
    const orphan = (attempts: number) => ({
      id: newId("job"),
      projectId: project.id,
      type: "test.progress",
      status: "RUNNING" as const,
      attempts,
      maxAttempts: 3,
      payload: { steps: 1, stepMs: 0 },
      createdAt: longAgo,
      startedAt: longAgo,
    });
    const lost = await db.job.create({ data: orphan(1) });
    const exhausted = await db.job.create({ data: orphan(3) });
    const { requeued, ended } = await sweepOrphanedJobs();
    expect(requeued).toContain(lost.id);
    expect(ended).toContain(exhausted.id);
    const rerun = await waitForJob(lost.id, isFinal);
    expect(rerun.status).toBe("SUCCEEDED");
    expect(rerun.attempts).toBe(2);
    const failed = await db.job.findUniqueOrThrow({ where: { id: exhausted.id } });
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(/stopped responding and no attempts remain/);
  });

  it("a worker SIGKILLed mid-job: another worker picks the job up and finishes it (attempts = 2)", async () => {
    const child = await startWorkerChild({ types: "test.crashable" });
    let rescuer: TWorker | undefined;
    try {
      const job = await enqueue("test.crashable", { steps: 10, stepMs: 300 });
      await waitForJob(job.id, (row) => row.status === "RUNNING" && row.progress > 0);
      await killWorkerChild({ child });
      rescuer = await startRescuer({ types: ["test.crashable"], runners: TEST_JOB_RUNNERS });
      const row = await waitForJob(job.id, isFinal, 40_000);
      expect(row.status).toBe("SUCCEEDED");
      expect(row.attempts).toBe(2);
      expect(row.rowsProcessed).toBe(100n);
      const logs = await logsOf(job.id);
      expect(logs).toContain("warn: Attempt 1 was interrupted (its worker stopped or lost its claim)");
    } finally {
      await killWorkerChild({ child });
      await rescuer?.stop({ graceMs: 1_000 });
    }
  });
});
