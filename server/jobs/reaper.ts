import "server-only";
import { db } from "../db/client";
import { BOSS_SCHEMA, queueNameFor } from "./boss";
import { sendToQueue } from "./enqueue";
import { findJobContract } from "./registry";

// A Job row that is QUEUED or RUNNING but has no live pg-boss job would wait forever. That happens when a
// worker dies during a job's last attempt (pg-boss fails it for good; nobody writes the row), or when the
// two ever disagree about attempts left. The reaper finds such rows and either re-queues them (attempts
// left) or ends them, so "nothing is lost or left half-done" holds even then.

// Rows younger than this are left alone: enqueue and retry write the row and the queue entry in one
// transaction, so this is only a margin for clocks and slow commits.
const ORPHAN_MIN_AGE_SECONDS = 60;
// Rows handled per sweep; the next sweep takes the rest.
const SWEEP_LIMIT = 100;

type TOrphan = {
  id: string;
  type: string;
  status: "QUEUED" | "RUNNING";
  attempts: number;
  maxAttempts: number;
  cancelRequested: boolean;
};

const findOrphanedJobs = async ({ minAgeSeconds = ORPHAN_MIN_AGE_SECONDS }: { minAgeSeconds?: number } = {}): Promise<
  TOrphan[]
> =>
  // Reads pg-boss's job table directly: one indexed anti-join instead of a lookup per job. The predicate
  // matches pg-boss's own unique index for 'exclusive' queues (name, singleton_key, state <= active).
  db.$queryRawUnsafe<TOrphan[]>(
    `SELECT j.id, j.type, j.status::text AS status, j.attempts, j."maxAttempts", (j."cancelRequestedAt" IS NOT NULL) AS "cancelRequested"
       FROM "Job" j
      WHERE j.status IN ('QUEUED', 'RUNNING')
        AND COALESCE(j."startedAt", j."createdAt") < now() - make_interval(secs => $1)
        AND NOT EXISTS (
          SELECT 1 FROM ${BOSS_SCHEMA}.job p
           WHERE p.name = $2 || j.type AND COALESCE(p.singleton_key, '') = j.id
             AND p.state <= 'active' AND p.policy = 'exclusive')
      ORDER BY j."createdAt"
      LIMIT ${SWEEP_LIMIT}`,
    minAgeSeconds,
    queueNameFor(""),
  );

export const sweepOrphanedJobs = async ({ minAgeSeconds }: { minAgeSeconds?: number } = {}): Promise<{
  requeued: string[];
  ended: string[];
}> => {
  const requeued: string[] = [];
  const ended: string[] = [];
  for (const orphan of await findOrphanedJobs({ minAgeSeconds })) {
    const contract = findJobContract(orphan.type);
    const fence = { id: orphan.id, status: orphan.status, attempts: orphan.attempts };
    const now = new Date();
    if (orphan.cancelRequested) {
      const { count } = await db.job.updateMany({ where: fence, data: { status: "CANCELLED", finishedAt: now } });
      if (count) ended.push(orphan.id);
      continue;
    }
    if (contract && orphan.attempts < orphan.maxAttempts) {
      const sent = await db.$transaction(async (tx) => {
        const { count } = await tx.job.updateMany({ where: fence, data: { status: "QUEUED" } });
        if (!count) return false;
        await sendToQueue({ tx, contract, jobId: orphan.id, attemptsLeft: orphan.maxAttempts - orphan.attempts });
        await tx.jobLog.create({
          data: {
            jobId: orphan.id,
            level: "warn",
            message: `Re-queued: no worker held this job (attempt ${orphan.attempts} of ${orphan.maxAttempts} was lost)`,
          },
        });
        return true;
      });
      if (sent) requeued.push(orphan.id);
      continue;
    }
    const reason = contract
      ? `The worker running attempt ${orphan.attempts} stopped responding and no attempts remain`
      : `No worker knows the job type '${orphan.type}' any more`;
    const { count } = await db.job.updateMany({
      where: fence,
      data: { status: "FAILED", error: reason, finishedAt: now },
    });
    if (count) {
      await db.jobLog.create({ data: { jobId: orphan.id, level: "error", message: reason } });
      ended.push(orphan.id);
    }
  }
  return { requeued, ended };
};
