import { access, mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { newId } from "@/server/ids";
import { retryJob } from "@/server/jobs/enqueue";
import { startWorker } from "@/server/jobs/worker";
import { WORKER_RUNNERS } from "@/server/jobs/worker-runners";
import { stopBoss } from "@/server/jobs/boss";
import { listCommits, queryJsonRows, quoteLiteral, readTable, withDuckDb, writeCommit } from "@/server/offline";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { uploadDir } from "@/server/ingest/uploads";
import { putSuite } from "@/server/validation";
import type { TValidationRuleInput } from "@/lib/api/validation";
import {
  enqueueGroupJob,
  killWorkerChild,
  startRescuer,
  startWorkerChild,
  type TJobCaller,
} from "@/test/fixtures/worker-crash";
import { waitForJobEnd } from "@/test/helpers";
import { featureList } from "@/test/fixtures/test-project";
import { createOwnedProject, type TTestProject } from "@/test/fixtures/test-project";

// Nothing a user writes is lost or half-applied: a worker killed mid-ingest leaves the old state readable,
// and the retried job writes its commit exactly once.

const ROWS = 3_000_000; // big enough that the ingest is still running when the worker is killed

let caller: TJobCaller;
let project: TTestProject;
beforeAll(async () => {
  ({ project, ...caller } = await createOwnedProject());
});
afterAll(async () => stopBoss());

const FEATURES = featureList({ id: "bigint", amount: "double", event_time: "timestamp" });

const stageParquet = async (rows: number) => {
  const uploadId = newId("upl");
  const dir = uploadDir({ projectId: project.id, uploadId });
  await mkdir(dir, { recursive: true });
  const filePath = path.join(dir, "data.parquet");
  await withDuckDb({}, (c) =>
    c.run(
      `COPY (SELECT range AS id, random() AS amount, TIMESTAMP '2026-01-01' + INTERVAL (range % 1000) SECOND AS event_time FROM range(${rows})) TO ${quoteLiteral(filePath)} (FORMAT parquet)`,
    ),
  );
  await db.upload.create({
    data: {
      id: uploadId,
      projectId: project.id,
      fileName: "data.parquet",
      format: "parquet",
      sizeBytes: 0n,
      path: filePath,
    },
  });
  return uploadId;
};

/** Parquet data files under a table's directory (outside _delta_log and the staging area). */
const dataFilesOf = async (tablePath: string): Promise<string[]> =>
  (await readdir(tablePath, { recursive: true })).filter(
    (file) => file.endsWith(".parquet") && !file.startsWith("_delta_log") && !file.startsWith("_larder"),
  );

const countRows = (tablePath: string) =>
  withDuckDb({}, async (connection) => {
    const relation = await readTable({ tablePath, connection });
    return Number((await queryJsonRows(connection, `SELECT count(*) AS n FROM ${relation.sql} AS t`))[0].n);
  });

const exists = (filePath: string) =>
  access(filePath).then(
    () => true,
    () => false,
  );

const createGroup = async (name: string) => {
  const group = await createFeatureGroup({
    ctx: caller.ctx,
    access: caller.access,
    input: { name, primaryKey: ["id"], eventTime: "event_time", features: FEATURES },
  });
  return { group, row: await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } }) };
};

const ingest = (featureGroupId: string, uploadId: string) =>
  enqueueGroupJob({ caller, type: "ingest", payload: { featureGroupId, uploadId, mode: "upsert" } });

/**
 * A new group `name` and an upload of `rows` rows, ingested on a child worker that SIGKILLs itself (LARDER_FAULT or
 * LARDER_TEST_KILL_AFTER_RUN in `env`); returns once it died.
 */
const ingestUntilKilled = async ({
  name,
  rows,
  env,
  suite,
}: {
  name: string;
  rows: number;
  env: Record<string, string>;
  /** An expectation suite (ALWAYS) to give the group before the ingest. */
  suite?: TValidationRuleInput[];
}) => {
  const { group, row } = await createGroup(name);
  if (suite) await putSuite({ ...caller, name, version: 1, input: { policy: "ALWAYS", rules: suite } as never });
  const uploadId = await stageParquet(rows);
  const child = await startWorkerChild({ types: "ingest", env });
  try {
    const died = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal)),
    );
    const job = await ingest(group.id, uploadId);
    expect(await died).toBe("SIGKILL");
    return { group, row, uploadId, jobId: job.id };
  } finally {
    await killWorkerChild({ child });
  }
};

/** A fresh worker picks the lost job up again; resolves with the job once it ended. */
const finishOnRescuer = async (jobId: string) => {
  const rescuer = await startRescuer({ types: ["ingest"] });
  try {
    return await waitForJobEnd(jobId, 90_000);
  } finally {
    await rescuer.stop({ graceMs: 1000 });
  }
};

/** The retry (on a fresh worker) finds its commit written: SUCCEEDED on attempt 2, the rows once, one Delta commit. */
const expectRetryFindsCommit = async ({
  jobId,
  tablePath,
  rows,
}: {
  jobId: string;
  tablePath: string;
  rows: number;
}) => {
  const finished = await finishOnRescuer(jobId);
  expect(finished.status, finished.error ?? "").toBe("SUCCEEDED");
  expect(finished.attempts).toBe(2);
  expect(finished.result).toMatchObject({ version: 1, alreadyCommitted: true });
  expect(await countRows(tablePath)).toBe(rows);
  expect((await listCommits({ tablePath })).map((commit) => commit.version)).toEqual([1, 0]);
};

describe("crash safety of ingestion", () => {
  it("a worker SIGKILLed mid-ingest: the table keeps its old state, the retry commits once", async () => {
    const { group, row } = await createGroup("crash_kill");
    const uploadId = await stageParquet(ROWS);
    const child = await startWorkerChild({ types: "ingest" });
    try {
      const job = await ingest(group.id, uploadId);
      for (;;) {
        const current = await db.job.findUniqueOrThrow({ where: { id: job.id } });
        if (current.status === "RUNNING" && current.progress >= 0.05) break;
        await sleep(20);
      }
      await killWorkerChild({ child });
      // While no worker runs, readers see the table as it was: no rows and no half-written commit.
      expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([0]);
      expect(await countRows(row.tablePath)).toBe(0);
      const finished = await finishOnRescuer(job.id);
      expect(finished?.status).toBe("SUCCEEDED");
      expect(finished?.attempts).toBe(2);
      expect(await countRows(row.tablePath)).toBe(ROWS);
      expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([1, 0]);
      expect(await db.featureGroupCommit.count({ where: { featureGroupId: group.id } })).toBe(1);
    } finally {
      await killWorkerChild({ child });
    }
  }, 150_000);

  it("a worker SIGKILLed during the write (data files on disk, no commit yet): readers see the old state, the retry commits once", async () => {
    const { group, row, jobId } = await ingestUntilKilled({
      name: "crash_mid_write",
      rows: ROWS,
      env: { LARDER_FAULT: "kill-before-delta-commit" },
    });
    // It died mid-write: Parquet files exist that no commit references, and readers see the table as it was.
    const dataFiles = await dataFilesOf(row.tablePath);
    expect(dataFiles.length).toBeGreaterThan(0);
    expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([0]);
    expect(await countRows(row.tablePath)).toBe(0);
    expect((await db.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("RUNNING");
    const finished = await finishOnRescuer(jobId);
    expect(finished.status, finished.error ?? "").toBe("SUCCEEDED");
    expect(finished.attempts).toBe(2);
    expect(await countRows(row.tablePath)).toBe(ROWS);
    expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([1, 0]);
    expect(await db.featureGroupCommit.count({ where: { featureGroupId: group.id } })).toBe(1);
  }, 150_000);

  it("a worker SIGKILLed after the Delta commit, before the registry recorded it: the retry records it once and writes nothing", async () => {
    const { group, row, jobId } = await ingestUntilKilled({
      name: "crash_after_commit",
      rows: 1000,
      env: { LARDER_FAULT: "kill-after-delta-commit" },
    });
    // It died between the two: the commit is in the Delta log, the registry does not know it yet.
    expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([1, 0]);
    expect(await db.featureGroupCommit.count({ where: { featureGroupId: group.id } })).toBe(0);
    // What a user sees: the rows once, one commit, and the registry agreeing with the Delta log.
    await expectRetryFindsCommit({ jobId, tablePath: row.tablePath, rows: 1000 });
    const recorded = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id }, include: { commits: true } });
    expect(recorded.commits.map((commit) => commit.deltaVersion)).toEqual([1]);
    expect(recorded.deltaVersion).toBe(1);
    expect(Number(recorded.rowCount)).toBe(1000);
  }, 150_000);

  it("a worker SIGKILLed between the Delta commit and the validation report: the retry completes the report", async () => {
    const { row, jobId } = await ingestUntilKilled({
      name: "crash_before_report",
      rows: 1000,
      env: { LARDER_FAULT: "kill-after-delta-commit" },
      // One rule that fails on 500 rows, so the report carries something to lose.
      suite: [{ type: "between", feature: "amount", max: 0.5 }],
    });
    // The report was saved before the commit, not yet naming it.
    const before = await db.validationReport.findMany({ where: { jobId } });
    expect(before.map(({ written, deltaVersion }) => ({ written, deltaVersion }))).toEqual([
      { written: false, deltaVersion: null },
    ]);
    await expectRetryFindsCommit({ jobId, tablePath: row.tablePath, rows: 1000 });
    const after = await db.validationReport.findMany({ where: { jobId } });
    expect(after.map(({ id, written, deltaVersion, outcome }) => ({ id, written, deltaVersion, outcome }))).toEqual([
      { id: before[0].id, written: true, deltaVersion: 1, outcome: "FAILED" },
    ]);
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.result).toMatchObject({ validation: { reportId: before[0].id, outcome: "FAILED" } });
  }, 150_000);

  it("a worker SIGKILLed after the commit, before the job was marked done: the retry finishes SUCCEEDED without the upload", async () => {
    const { group, row, uploadId, jobId } = await ingestUntilKilled({
      name: "crash_before_done",
      rows: 1000,
      env: { LARDER_TEST_KILL_AFTER_RUN: "ingest" },
    });
    const dir = uploadDir({ projectId: project.id, uploadId });
    // Killed between commit and done: the commit is visible, the job is not done, and its input is still there.
    expect((await db.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("RUNNING");
    expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([1, 0]);
    expect(await exists(dir)).toBe(true);
    // The retry must not need it: take it away (as the old code had already done at this point).
    await rm(dir, { recursive: true, force: true });
    await expectRetryFindsCommit({ jobId, tablePath: row.tablePath, rows: 1000 });
    expect(await db.featureGroupCommit.count({ where: { featureGroupId: group.id } })).toBe(1);
  }, 150_000);

  it("the retry button on a FAILED job whose commit is already written succeeds without the upload", async () => {
    const { group, row } = await createGroup("retry_committed");
    const uploadId = await stageParquet(500);
    const upload = await db.upload.findUniqueOrThrow({ where: { id: uploadId } });
    const jobId = newId("job");
    // The state the old code left: commit written under the job's txn, upload deleted, job FAILED for good.
    await writeCommit({
      tablePath: row.tablePath,
      mode: "upsert",
      sourceParquetFiles: [upload.path],
      txn: { appId: `larder-job-${jobId}`, version: 1 },
    });
    await rm(uploadDir({ projectId: project.id, uploadId }), { recursive: true, force: true });
    await db.job.create({
      data: {
        id: jobId,
        projectId: project.id,
        type: "ingest",
        status: "FAILED",
        payload: { featureGroupId: group.id, uploadId, mode: "upsert" },
        featureGroupId: group.id,
        createdById: caller.owner.id,
        attempts: 3,
        maxAttempts: 3,
        error: "IO Error: No files found that match the pattern",
        finishedAt: new Date(),
      },
    });
    const worker = await startWorker({ runners: WORKER_RUNNERS, types: ["ingest"], schedules: false });
    try {
      await retryJob({ ctx: caller.ctx, access: caller.access, jobId });
      const finished = await waitForJobEnd(jobId, 90_000);
      expect(finished.status, finished.error ?? "").toBe("SUCCEEDED");
      expect(finished.attempts).toBe(4);
      expect(await countRows(row.tablePath)).toBe(500);
      expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([1, 0]);
      const commits = await db.featureGroupCommit.findMany({ where: { featureGroupId: group.id } });
      expect(commits.map((commit) => commit.deltaVersion)).toEqual([1]);
    } finally {
      await worker.stop({ graceMs: 1000 });
    }
  }, 120_000);
});
