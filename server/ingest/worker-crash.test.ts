import { mkdir } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { newId } from "@/server/ids";
import { enqueueJob } from "@/server/jobs/enqueue";
import type { TWorker } from "@/server/jobs/worker";
import { stopBoss } from "@/server/jobs/boss";
import { listCommits, queryJsonRows, quoteLiteral, readTable, withDuckDb, writeCommit } from "@/server/offline";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { runIngest } from "@/server/ingest/run-ingest";
import { uploadDir } from "@/server/ingest/uploads";
import { killWorkerChild, startRescuer, startWorkerChild } from "@/test/fixtures/worker-crash";
import { accessFor, createTestProject, createTestUser, userContext, waitForJobEnd } from "@/test/helpers";

// Nothing a user writes is lost or half-applied: a worker killed mid-ingest leaves the old state readable,
// and the retried job writes its commit exactly once.

const ROWS = 3_000_000; // big enough that the ingest is still running when the worker is killed

let owner: Awaited<ReturnType<typeof createTestUser>>;
let project: Awaited<ReturnType<typeof createTestProject>>;
beforeAll(async () => {
  owner = await createTestUser();
  project = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
});
afterAll(async () => stopBoss());

const FEATURES = [
  { name: "id", type: "bigint" as const },
  { name: "amount", type: "double" as const },
  { name: "event_time", type: "timestamp" as const },
];

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

const countRows = (tablePath: string) =>
  withDuckDb({}, async (connection) => {
    const relation = await readTable({ tablePath, connection });
    return Number((await queryJsonRows(connection, `SELECT count(*) AS n FROM ${relation.sql} AS t`))[0].n);
  });

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

  it("a crash after the Delta commit but before the registry recorded it: the retry records it and writes nothing", async () => {
    const access = accessFor(project, "OWNER");
    const group = await createFeatureGroup({
      ctx: userContext(owner),
      access,
      input: { name: "crash_after_commit", primaryKey: ["id"], eventTime: "event_time", features: FEATURES },
    });
    const row = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } });
    const uploadId = await stageParquet(1000);
    const jobId = newId("job");
    const upload = await db.upload.findUniqueOrThrow({ where: { id: uploadId } });
    // The first attempt got as far as the Delta commit (same txn appId the ingest uses), then died.
    await writeCommit({
      tablePath: row.tablePath,
      mode: "upsert",
      sourceParquetFiles: [upload.path],
      txn: { appId: `larder-job-${jobId}`, version: 1 },
    });
    const retry = await runIngest({
      jobId,
      projectId: project.id,
      featureGroupId: group.id,
      uploadId,
      mode: "upsert",
      userId: owner.id,
    });
    expect(retry.alreadyCommitted).toBe(true);
    expect(await countRows(row.tablePath)).toBe(1000);
    expect((await listCommits({ tablePath: row.tablePath })).length).toBe(2);
    const recorded = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id }, include: { commits: true } });
    expect(recorded.commits.map((commit) => commit.deltaVersion)).toEqual([1]);
    expect(Number(recorded.rowCount)).toBe(1000);
  });
});
