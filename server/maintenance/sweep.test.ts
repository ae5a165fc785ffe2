import { randomUUID } from "node:crypto";
import { access, mkdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { getDataDir } from "@/server/env";
import { newId } from "@/server/ids";
import { STAGING_DIR } from "@/server/offline";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { enqueueJob } from "@/server/jobs/enqueue";
import { startWorker } from "@/server/jobs/worker";
import { WORKER_RUNNERS } from "@/server/jobs/worker-runners";
import { stopBoss } from "@/server/jobs/boss";
import { accessFor, createTestProject, createTestUser, userContext, waitForJobEnd } from "@/test/helpers";
import { sweepLeftovers } from "./run-sweep";
import { createOwnedProject } from "@/test/fixtures/test-project";

// Leftovers of killed processes are removed once old and unowned; what is young, or owned by a live job, or still
// the user's (an upload not used yet, the input of a failed job kept for the retry button) stays.

const HOUR = 60 * 60 * 1000;
let owner: Awaited<ReturnType<typeof createTestUser>>;
let project: Awaited<ReturnType<typeof createTestProject>>;
beforeAll(async () => {
  ({ owner, project } = await createOwnedProject());
});
afterAll(async () => stopBoss());

const exists = (target: string) =>
  access(target).then(
    () => true,
    () => false,
  );

/** A directory with one file, its times set `ageMs` into the past. */
const leftover = async (dir: string, ageMs: number) => {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "part.bin");
  await writeFile(file, "x");
  const when = new Date(Date.now() - ageMs);
  await utimes(file, when, when);
  await utimes(dir, when, when);
  return dir;
};

const uploadsRoot = () => path.join(getDataDir(), "projects", project.id, "uploads");

const uploadRow = async (id: string) =>
  db.upload.create({
    data: {
      id,
      projectId: project.id,
      fileName: "data.csv",
      format: "csv",
      sizeBytes: 1n,
      path: path.join(uploadsRoot(), id, "data.csv"),
    },
  });

const jobFor = async (
  uploadId: string,
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED",
  featureGroupId?: string,
) =>
  db.job.create({
    data: {
      id: newId("job"),
      projectId: project.id,
      type: "ingest",
      status,
      payload: { featureGroupId: featureGroupId ?? "fg_x", uploadId, mode: "upsert" },
      featureGroupId: featureGroupId ?? null,
    },
  });

describe("the leftover sweeper", () => {
  it("removes old unowned uploads, staging entries and training temp folders, and keeps young or owned ones", async () => {
    const ownerCtx = userContext(owner);
    const groupAccess = accessFor(project, "OWNER");
    const idle = await createFeatureGroup({
      ctx: ownerCtx,
      access: groupAccess,
      input: { name: "sweep_idle", primaryKey: ["id"], features: [{ name: "id", type: "bigint" }] },
    });
    const busy = await createFeatureGroup({
      ctx: ownerCtx,
      access: groupAccess,
      input: { name: "sweep_busy", primaryKey: ["id"], features: [{ name: "id", type: "bigint" }] },
    });
    const tablePath = async (id: string) => (await db.featureGroup.findUniqueOrThrow({ where: { id } })).tablePath;

    // Uploads: partial (no row) old / young; consumed by a SUCCEEDED job; owned by a RUNNING job; unused; failed.
    const partialOld = await leftover(path.join(uploadsRoot(), newId("upl")), 2 * HOUR);
    const partialYoung = await leftover(path.join(uploadsRoot(), newId("upl")), 0);
    const consumedId = newId("upl");
    const consumed = await leftover(path.join(uploadsRoot(), consumedId), 2 * HOUR);
    await uploadRow(consumedId);
    await jobFor(consumedId, "SUCCEEDED");
    const liveId = newId("upl");
    const live = await leftover(path.join(uploadsRoot(), liveId), 2 * HOUR);
    await uploadRow(liveId);
    await jobFor(liveId, "FAILED");
    await jobFor(liveId, "RUNNING");
    const unusedId = newId("upl");
    const unused = await leftover(path.join(uploadsRoot(), unusedId), 2 * HOUR);
    await uploadRow(unusedId);
    const failedId = newId("upl");
    const failed = await leftover(path.join(uploadsRoot(), failedId), 2 * HOUR);
    await uploadRow(failedId);
    await jobFor(failedId, "FAILED");

    // Staging: old and young in an idle table; old in a table a live job is writing.
    const stagingOld = await leftover(path.join(await tablePath(idle.id), STAGING_DIR, randomUUID()), 2 * HOUR);
    const stagingYoung = await leftover(
      path.join(await tablePath(idle.id), STAGING_DIR, `${randomUUID()}-incoming`),
      0,
    );
    const stagingOwned = await leftover(path.join(await tablePath(busy.id), STAGING_DIR, randomUUID()), 2 * HOUR);
    await jobFor(newId("upl"), "RUNNING", busy.id);

    // Training temp folders: old and young, next to a dataset's final folder; a finished dataset folder stays.
    const trainingRoot = path.join(getDataDir(), "projects", project.id, "training", "fv_v1");
    const tempOld = await leftover(path.join(trainingRoot, `td_v1.tmp-${randomUUID()}`), 2 * HOUR);
    const tempYoung = await leftover(path.join(trainingRoot, `td_v2.tmp-${randomUUID()}`), 0);
    const finished = await leftover(path.join(trainingRoot, "td_v1"), 2 * HOUR);

    const report = await sweepLeftovers({ projectId: project.id });
    expect(report.uploads.sort()).toEqual([partialOld, consumed].sort());
    expect(report.staging).toEqual([stagingOld]);
    expect(report.trainingTemp).toEqual([tempOld]);
    for (const gone of [partialOld, consumed, stagingOld, tempOld]) expect(await exists(gone), gone).toBe(false);
    for (const kept of [partialYoung, live, unused, failed, stagingYoung, stagingOwned, tempYoung, finished])
      expect(await exists(kept), kept).toBe(true);
    // Uploads with a row keep it: only the bytes go.
    expect(await db.upload.count({ where: { id: consumedId } })).toBe(1);
  });

  it("runs as the schedulable sweep-leftovers job and reports what it removed", async () => {
    const partial = await leftover(path.join(uploadsRoot(), newId("upl")), 3 * HOUR);
    const worker = await startWorker({ runners: WORKER_RUNNERS, types: ["sweep-leftovers"], schedules: false });
    try {
      const job = await enqueueJob({
        ctx: userContext(owner),
        access: accessFor(project, "OWNER"),
        type: "sweep-leftovers",
        payload: { graceMinutes: 120 },
      });
      const finished = await waitForJobEnd(job.id);
      expect(finished.status, finished.error ?? "").toBe("SUCCEEDED");
      expect((finished.result as { uploads: string[] }).uploads).toContain(partial);
      expect(await exists(partial)).toBe(false);
      const logs = await db.jobLog.findMany({ where: { jobId: job.id } });
      expect(logs.map((log) => log.message).join("\n")).toContain(partial);
    } finally {
      await worker.stop({ graceMs: 1000 });
    }
  }, 60_000);
});
