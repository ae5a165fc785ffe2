import { spawn, type ChildProcess } from "node:child_process";
import { access, mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { TEnv } from "@/server/env";
import { newId } from "@/server/ids";
import { enqueueJob, retryJob } from "@/server/jobs/enqueue";
import { startWorker, type TWorker } from "@/server/jobs/worker";
import { WORKER_RUNNERS } from "@/server/jobs/worker-runners";
import { stopBoss } from "@/server/jobs/boss";
import { listCommits, queryJsonRows, quoteLiteral, readTable, withDuckDb, writeCommit } from "@/server/offline";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { uploadDir } from "@/server/ingest/uploads";
import { killWorkerChild, startRescuer, startWorkerChild } from "@/test/fixtures/worker-crash";
import { accessFor, createTestProject, createTestUser, userContext, waitForJobEnd } from "@/test/helpers";
import { featureList } from "@/test/fixtures/test-project";
import { createOwnedProject } from "@/test/fixtures/test-project";

// Nothing a user writes is lost or half-applied: a worker killed mid-ingest leaves the old state readable,
// and the retried job writes its commit exactly once.

const ROWS = 3_000_000; // big enough that the ingest is still running when the worker is killed

let owner: Awaited<ReturnType<typeof createTestUser>>;
let project: Awaited<ReturnType<typeof createTestProject>>;
beforeAll(async () => {
  ({ owner, project } = await createOwnedProject());
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

const spawnWorkerChild = (env: Record<string, string> = {}): ChildProcess =>
  spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join("test", "fixtures", "worker-child.ts"), "ingest"],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );

const exists = (filePath: string) =>
  access(filePath).then(
    () => true,
    () => false,
  );

const createGroup = async (name: string) => {
  const group = await createFeatureGroup({
    ctx: userContext(owner),
    access: accessFor(project, "OWNER"),
    input: { name, primaryKey: ["id"], eventTime: "event_time", features: FEATURES },
  });
  return { group, row: await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } }) };
};

/** Enqueues the ingest on a child worker that SIGKILLs itself at `fault` (LARDER_FAULT); returns once it died. */
const ingestUntilFault = async ({
  featureGroupId,
  uploadId,
  fault,
}: {
  featureGroupId: string;
  uploadId: string;
  fault: NonNullable<TEnv["LARDER_FAULT"]>;
}) => {
  const child = await startWorkerChild({ types: "ingest", env: { LARDER_FAULT: fault } });
  try {
    const died = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal)),
    );
    const job = await enqueueJob({
      ctx: userContext(owner),
      access: accessFor(project, "OWNER"),
      type: "ingest",
      payload: { featureGroupId, uploadId, mode: "upsert" },
      featureGroupId,
    });
    expect(await died).toBe("SIGKILL");
    return job.id;
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

describe("crash safety of ingestion", () => {
  it("a worker SIGKILLed mid-ingest: the table keeps its old state, the retry commits once", async () => {
    const access = accessFor(project, "OWNER");
    const group = await createFeatureGroup({
      ctx: userContext(owner),
      access,
      input: { name: "crash_kill", primaryKey: ["id"], eventTime: "event_time", features: FEATURES },
    });
    const row = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } });
    const uploadId = await stageParquet(ROWS);
    const child = await startWorkerChild({ types: "ingest" });
    let rescuer: TWorker | undefined;
    try {
      const job = await enqueueJob({
        ctx: userContext(owner),
        access,
        type: "ingest",
        payload: { featureGroupId: group.id, uploadId, mode: "upsert" },
        featureGroupId: group.id,
      });
      for (;;) {
        const current = await db.job.findUniqueOrThrow({ where: { id: job.id } });
        if (current.status === "RUNNING" && current.progress >= 0.05) break;
        await sleep(20);
      }
      await killWorkerChild({ child });
      // While no worker runs, readers see the table as it was: no rows and no half-written commit.
      expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([0]);
      expect(await countRows(row.tablePath)).toBe(0);
      rescuer = await startRescuer({ types: ["ingest"] });
      const finished = await waitForJobEnd(job.id, 90_000);
      expect(finished?.status).toBe("SUCCEEDED");
      expect(finished?.attempts).toBe(2);
      expect(await countRows(row.tablePath)).toBe(ROWS);
      expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([1, 0]);
      expect(await db.featureGroupCommit.count({ where: { featureGroupId: group.id } })).toBe(1);
    } finally {
      await killWorkerChild({ child });
      await rescuer?.stop({ graceMs: 1000 });
    }
  }, 150_000);

  it("a worker SIGKILLed during the write (data files on disk, no commit yet): readers see the old state, the retry commits once", async () => {
    const { group, row } = await createGroup("crash_mid_write");
    const uploadId = await stageParquet(ROWS);
    const jobId = await ingestUntilFault({ featureGroupId: group.id, uploadId, fault: "kill-before-delta-commit" });
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
    const { group, row } = await createGroup("crash_after_commit");
    const uploadId = await stageParquet(1000);
    const jobId = await ingestUntilFault({ featureGroupId: group.id, uploadId, fault: "kill-after-delta-commit" });
    // It died between the two: the commit is in the Delta log, the registry does not know it yet.
    expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([1, 0]);
    expect(await db.featureGroupCommit.count({ where: { featureGroupId: group.id } })).toBe(0);
    const finished = await finishOnRescuer(jobId);
    expect(finished.status, finished.error ?? "").toBe("SUCCEEDED");
    expect(finished.attempts).toBe(2);
    expect(finished.result).toMatchObject({ version: 1, alreadyCommitted: true });
    // What a user sees: the rows once, one commit, and the registry agreeing with the Delta log.
    expect(await countRows(row.tablePath)).toBe(1000);
    expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([1, 0]);
    const recorded = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id }, include: { commits: true } });
    expect(recorded.commits.map((commit) => commit.deltaVersion)).toEqual([1]);
    expect(recorded.deltaVersion).toBe(1);
    expect(Number(recorded.rowCount)).toBe(1000);
  }, 150_000);

  it("a worker SIGKILLed after the commit, before the job was marked done: the retry finishes SUCCEEDED without the upload", async () => {
    const access = accessFor(project, "OWNER");
    const group = await createFeatureGroup({
      ctx: userContext(owner),
      access,
      input: { name: "crash_before_done", primaryKey: ["id"], eventTime: "event_time", features: FEATURES },
    });
    const row = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } });
    const uploadId = await stageParquet(1000);
    const dir = uploadDir({ projectId: project.id, uploadId });
    const child = spawnWorkerChild({ LARDER_TEST_KILL_AFTER_RUN: "ingest" });
    let rescuer: TWorker | undefined;
    try {
      await new Promise<void>((resolve) =>
        child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()),
      );
      const exited = new Promise((resolve) => child.once("exit", resolve));
      const job = await enqueueJob({
        ctx: userContext(owner),
        access,
        type: "ingest",
        payload: { featureGroupId: group.id, uploadId, mode: "upsert" },
        featureGroupId: group.id,
      });
      await exited;
      // Killed between commit and done: the commit is visible, the job is not done, and its input is still there.
      expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("RUNNING");
      expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([1, 0]);
      expect(await exists(dir)).toBe(true);
      // The retry must not need it: take it away (as the old code had already done at this point).
      await rm(dir, { recursive: true, force: true });
      rescuer = await startWorker({
        runners: WORKER_RUNNERS,
        types: ["ingest"],
        superviseIntervalSeconds: 1,
        schedules: false,
      });
      const finished = await waitForJobEnd(job.id, 90_000);
      expect(finished.status, finished.error ?? "").toBe("SUCCEEDED");
      expect(finished.attempts).toBe(2);
      expect(finished.result).toMatchObject({ version: 1, alreadyCommitted: true });
      expect(await countRows(row.tablePath)).toBe(1000);
      expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toEqual([1, 0]);
      expect(await db.featureGroupCommit.count({ where: { featureGroupId: group.id } })).toBe(1);
    } finally {
      child.kill("SIGKILL");
      await rescuer?.stop({ graceMs: 1000 });
    }
  }, 150_000);

  it("the retry button on a FAILED job whose commit is already written succeeds without the upload", async () => {
    const access = accessFor(project, "OWNER");
    const group = await createFeatureGroup({
      ctx: userContext(owner),
      access,
      input: { name: "retry_committed", primaryKey: ["id"], eventTime: "event_time", features: FEATURES },
    });
    const row = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } });
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
        createdById: owner.id,
        attempts: 3,
        maxAttempts: 3,
        error: "IO Error: No files found that match the pattern",
        finishedAt: new Date(),
      },
    });
    const worker = await startWorker({ runners: WORKER_RUNNERS, types: ["ingest"], schedules: false });
    try {
      await retryJob({ ctx: userContext(owner), access, jobId });
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
