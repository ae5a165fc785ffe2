import "server-only";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { db } from "../db/client";
import { featureGroupWhere, trainingDatasetWhere } from "../access-where";
import { getDataDir } from "../env";
import { STAGING_DIR } from "../offline";

// The leftover sweeper. Killed processes leave files no registry row or live job owns: a web process killed
// mid-upload leaves `uploads/<id>/` without an Upload row; a writer killed mid-commit leaves entries in a table's
// `_larder_staging/`; a training dataset killed mid-write leaves `<dir>.tmp-<uuid>`; an ingest killed after "done"
// but before its cleanup leaves its consumed upload. The sweeper removes each of them once it is older than the
// grace period (newest modification inside it) and no live (QUEUED or RUNNING) job owns it, and reports the paths.
// It runs as the `sweep-leftovers` job (schedulable) and once for every project when a worker starts.

// An hour: far longer than an upload stream or a commit's staging takes between two writes to its directory,
// so nothing in progress is ever taken; short enough that a crash's leftovers go the same day.
const DEFAULT_SWEEP_GRACE_MS = 60 * 60 * 1000;

const LIVE = ["QUEUED", "RUNNING"] as const;
const TMP_DIR = /\.tmp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type TSweepReport = { uploads: string[]; staging: string[]; trainingTemp: string[] };

const listDirs = async (dir: string) =>
  (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((entry) => entry.isDirectory());

/** The newest modification time of a file or directory tree: a directory still being written is young. */
const newestMtime = async (target: string): Promise<number> => {
  const info = await stat(target).catch(() => undefined);
  if (!info) return Number.POSITIVE_INFINITY;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(target).catch(() => []))
    newest = Math.max(newest, await newestMtime(path.join(target, entry)));
  return newest;
};

/** Removes `target` unless something inside it changed since `cutoff`, and adds it to `removed`. */
const removeIfOld = async (target: string, cutoff: number, removed: string[]) => {
  if ((await newestMtime(target)) >= cutoff) return;
  await rm(target, { recursive: true, force: true });
  removed.push(target);
};

const sweepUploads = async ({ projectId, cutoff }: { projectId: string; cutoff: number }) => {
  // Same layout as server/ingest/uploads.ts (uploadDir), which sits above this room.
  const root = path.join(getDataDir(), "projects", projectId, "uploads");
  const removed: string[] = [];
  for (const entry of await listDirs(root)) {
    const uploadId = entry.name;
    const upload = await db.upload.findFirst({ where: { id: uploadId, projectId }, select: { id: true } });
    const jobs = upload
      ? await db.job.findMany({
          where: { projectId, type: "ingest", payload: { path: ["uploadId"], equals: uploadId } },
          select: { status: true },
        })
      : [];
    if (jobs.some((job) => (LIVE as readonly string[]).includes(job.status))) continue;
    // No row: a partial upload. A row: only an input a SUCCEEDED job consumed; one not used yet, or of a failed
    // job (kept for the retry button), is the user's to use.
    const orphan = !upload || jobs.some((job) => job.status === "SUCCEEDED");
    if (orphan) await removeIfOld(path.join(root, uploadId), cutoff, removed);
  }
  return removed;
};

const sweepStaging = async ({ projectId, cutoff }: { projectId: string; cutoff: number }) => {
  const groups = await db.featureGroup.findMany({
    where: featureGroupWhere({ projectId, intent: "write" }),
    select: { id: true, tablePath: true },
  });
  const busy = new Set(
    (
      await db.job.findMany({
        where: { projectId, status: { in: [...LIVE] }, featureGroupId: { not: null } },
        select: { featureGroupId: true },
      })
    ).map((job) => job.featureGroupId),
  );
  const removed: string[] = [];
  for (const group of groups) {
    // A live job on the group may be writing its staging now, however long it takes.
    if (busy.has(group.id)) continue;
    const staging = path.join(group.tablePath, STAGING_DIR);
    for (const entry of await readdir(staging).catch(() => []))
      await removeIfOld(path.join(staging, entry), cutoff, removed);
  }
  return removed;
};

const sweepTrainingTemp = async ({ projectId, cutoff }: { projectId: string; cutoff: number }) => {
  const root = path.join(getDataDir(), "projects", projectId, "training");
  const liveTraining = await db.job.count({
    where: { projectId, type: "training-dataset", status: { in: [...LIVE] } },
  });
  const removed: string[] = [];
  for (const view of await listDirs(root)) {
    for (const entry of await listDirs(path.join(root, view.name))) {
      if (!TMP_DIR.test(entry.name)) continue;
      const target = path.join(root, view.name, entry.name);
      const dataset = await db.trainingDataset.findFirst({
        where: { ...trainingDatasetWhere({ projectId, intent: "write" }), path: target.replace(TMP_DIR, "") },
        select: { job: { select: { status: true } } },
      });
      // Owned while its dataset's job is live (or, for a folder no dataset names, while any training job is).
      const owned = dataset ? (LIVE as readonly string[]).includes(dataset.job?.status ?? "") : liveTraining > 0;
      if (!owned) await removeIfOld(target, cutoff, removed);
    }
  }
  return removed;
};

/** Removes one project's leftovers older than `graceMs` that no live job owns; returns what it removed. */
export const sweepLeftovers = async ({
  projectId,
  graceMs = DEFAULT_SWEEP_GRACE_MS,
  now = Date.now(),
}: {
  projectId: string;
  graceMs?: number;
  now?: number;
}): Promise<TSweepReport> => {
  const cutoff = now - graceMs;
  return {
    uploads: await sweepUploads({ projectId, cutoff }),
    staging: await sweepStaging({ projectId, cutoff }),
    trainingTemp: await sweepTrainingTemp({ projectId, cutoff }),
  };
};

/** Sweeps every project (a worker's start); one project's error does not stop the others. */
export const sweepAllProjects = async ({ graceMs }: { graceMs?: number } = {}) => {
  const projects = await db.project.findMany({ select: { id: true } });
  const removed: string[] = [];
  for (const project of projects) {
    try {
      const report = await sweepLeftovers({ projectId: project.id, graceMs });
      removed.push(...report.uploads, ...report.staging, ...report.trainingTemp);
    } catch (error) {
      console.error(`[larder] sweeping leftovers of project ${project.id} failed:`, error);
    }
  }
  return removed;
};
