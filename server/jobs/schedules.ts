import "server-only";
import { fromPrisma, type PgBoss } from "pg-boss";
import type { JobSchedule, Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { newId } from "../ids";
import { InvalidInputError, NotFoundError } from "../errors";
import { recordAuditEvent } from "../audit/record";
import type { TProjectAccess, TRequestContext } from "../principal";
import type { TCreateJobSchedule, TJobSchedule, TUpdateJobSchedule } from "@/lib/api/jobs";
import { ensureQueue, getBoss, SCHEDULE_QUEUE } from "./boss";
import { assertValidCron, nextCronRun, SCHEDULE_TIMEZONE } from "./cron";
import { assertMayEnqueue, insertJob, requireJobContract, validateJobPayload } from "./enqueue";
import { findJobContract } from "./registry";
import { assertPayloadIdsInProject } from "./payload-references";

// A JobSchedule row is the user's intent; a pg-boss schedule (key = schedule id) is what fires it. pg-boss's
// cron pass is cluster-safe (one firing per occurrence however many workers run), and each firing is a
// pg-boss job on SCHEDULE_QUEUE that fireSchedule turns into a Job row.

export type TScheduleFireData = { scheduleId: string };

const toScheduleView = (row: JobSchedule): TJobSchedule => ({
  id: row.id,
  type: row.type,
  cron: row.cron,
  timezone: SCHEDULE_TIMEZONE,
  payload: row.payload,
  enabled: row.enabled,
  createdById: row.createdById,
  createdAt: row.createdAt.toISOString(),
  lastRunAt: row.lastRunAt?.toISOString() ?? null,
  nextRunAt: row.enabled ? (nextCronRun({ cron: row.cron })?.toISOString() ?? null) : null,
});

/** Makes pg-boss agree with one row: scheduled while enabled, unscheduled otherwise. */
const applyToBoss = async ({
  boss,
  row,
  tx,
}: {
  boss: PgBoss;
  row: Pick<JobSchedule, "id" | "cron" | "enabled">;
  tx?: Prisma.TransactionClient;
}) => {
  const connection = tx ? { db: fromPrisma(tx) } : {};
  const data: TScheduleFireData = { scheduleId: row.id };
  if (row.enabled)
    await boss.schedule(SCHEDULE_QUEUE, row.cron, data, { key: row.id, tz: SCHEDULE_TIMEZONE, ...connection });
  else await boss.unschedule(SCHEDULE_QUEUE, row.id, connection);
};

const schedulableContract = ({ access, type }: { access: TProjectAccess; type: string }) => {
  const contract = requireJobContract({ type });
  if (!contract.schedulable)
    throw new InvalidInputError(`'${type}' jobs cannot be scheduled`, [
      { path: "type", message: "this job type does not run on a schedule" },
    ]);
  assertMayEnqueue({ access, contract });
  return contract;
};

const findScheduleRow = async ({ access, scheduleId }: { access: TProjectAccess; scheduleId: string }) => {
  const row = await db.jobSchedule.findFirst({ where: { id: scheduleId, projectId: access.project.id } });
  if (!row) throw new NotFoundError("Job schedule not found");
  return row;
};

export const findJobSchedules = async ({
  access,
}: {
  access: TProjectAccess;
}): Promise<{ schedules: TJobSchedule[] }> => {
  const rows = await db.jobSchedule.findMany({
    where: { projectId: access.project.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return { schedules: rows.map(toScheduleView) };
};

/**
 * Writes a schedule row and, in the same transaction, applies it to pg-boss and audits it, so the row, pg-boss's
 * cron entry and the audit log never disagree.
 */
const saveSchedule = async ({
  ctx,
  access,
  action,
  write,
  details,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  action: "jobSchedule.create" | "jobSchedule.update";
  write: (tx: Prisma.TransactionClient) => Promise<JobSchedule>;
  details: (row: JobSchedule) => Record<string, unknown>;
}): Promise<TJobSchedule> => {
  const boss = await getBoss();
  await ensureQueue(boss, SCHEDULE_QUEUE);
  const row = await db.$transaction(async (tx) => {
    const saved = await write(tx);
    await applyToBoss({ boss, row: saved, tx });
    const audit = {
      action,
      resourceType: "jobSchedule",
      resourceId: saved.id,
      resourceName: `${saved.type} schedule (${saved.cron})`,
      details: details(saved),
    };
    await recordAuditEvent({ ctx, project: access.project, ...audit, tx });
    return saved;
  });
  return toScheduleView(row);
};

export const createJobSchedule = async ({
  ctx,
  access,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  input: TCreateJobSchedule;
}): Promise<TJobSchedule> => {
  const contract = schedulableContract({ access, type: input.type });
  const cron = assertValidCron({ cron: input.cron });
  const payload = input.payload ?? {};
  validateJobPayload({ contract, payload });
  await assertPayloadIdsInProject({ projectId: access.project.id, payload });
  return saveSchedule({
    ctx,
    access,
    action: "jobSchedule.create",
    write: (tx) =>
      tx.jobSchedule.create({
        data: {
          id: newId("jsc"),
          projectId: access.project.id,
          type: contract.type,
          cron,
          payload: payload as Prisma.InputJsonValue,
          enabled: input.enabled ?? true,
          createdById: ctx.principal.userId,
        },
      }),
    details: (created) => ({ type: created.type, cron, enabled: created.enabled }),
  });
};

export const updateJobSchedule = async ({
  ctx,
  access,
  scheduleId,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  scheduleId: string;
  input: TUpdateJobSchedule;
}): Promise<TJobSchedule> => {
  const current = await findScheduleRow({ access, scheduleId });
  const contract = schedulableContract({ access, type: current.type });
  const cron = input.cron !== undefined ? assertValidCron({ cron: input.cron }) : current.cron;
  if (input.payload !== undefined) {
    validateJobPayload({ contract, payload: input.payload });
    await assertPayloadIdsInProject({ projectId: access.project.id, payload: input.payload });
  }
  return saveSchedule({
    ctx,
    access,
    action: "jobSchedule.update",
    write: (tx) =>
      tx.jobSchedule.update({
        where: { id: current.id, projectId: access.project.id },
        data: {
          cron,
          ...(input.payload !== undefined ? { payload: input.payload as Prisma.InputJsonValue } : {}),
          ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        },
      }),
    details: (updated) => ({ changed: Object.keys(input), cron: updated.cron, enabled: updated.enabled }),
  });
};

export const deleteJobSchedule = async ({
  ctx,
  access,
  scheduleId,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  scheduleId: string;
}): Promise<void> => {
  const current = await findScheduleRow({ access, scheduleId });
  const boss = await getBoss();
  await db.$transaction(async (tx) => {
    await tx.jobSchedule.delete({ where: { id: current.id, projectId: access.project.id } });
    await boss.unschedule(SCHEDULE_QUEUE, current.id, { db: fromPrisma(tx) });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "jobSchedule.delete",
      resourceType: "jobSchedule",
      resourceId: current.id,
      resourceName: `${current.type} schedule (${current.cron})`,
      details: { type: current.type, cron: current.cron },
      tx,
    });
  });
};

/**
 * Turns one firing into a Job. Idempotent: a redelivered firing (the worker died after creating the job)
 * finds the job it already made, since a schedule's jobs made at or after the firing's creation are its.
 */
export const fireSchedule = async ({
  scheduleId,
  firedAt,
}: {
  scheduleId: string;
  firedAt: Date;
}): Promise<{ jobId: string | null }> => {
  const schedule = await db.jobSchedule.findUnique({
    where: { id: scheduleId },
    include: { project: { select: { id: true, name: true } } },
  });
  if (!schedule || !schedule.enabled) return { jobId: null };
  const existing = await db.job.findFirst({
    where: { scheduleId, projectId: schedule.projectId, createdAt: { gte: firedAt } },
    select: { id: true },
  });
  if (existing) return { jobId: existing.id };
  const contract = findJobContract(schedule.type);
  if (!contract?.schedulable) {
    console.warn(
      `[larder] schedule ${scheduleId}: job type '${schedule.type}' is not a schedulable type in this worker; skipped`,
    );
    return { jobId: null };
  }
  // An invalid payload (the contract changed since) still becomes a job: it fails with the reason recorded,
  // where the schedule's owner will see it, rather than the schedule going silent.
  const job = await insertJob({
    ctx: null,
    project: schedule.project,
    contract,
    payload: schedule.payload,
    scheduleId,
    createdById: schedule.createdById,
  });
  await db.jobSchedule.update({ where: { id: scheduleId }, data: { lastRunAt: new Date() } });
  return { jobId: job.id };
};

/** Reconciles pg-boss with the rows (run by each worker at start): fixes drift left by a failed write or a restore. */
export const syncSchedules = async ({ boss }: { boss: PgBoss }) => {
  await ensureQueue(boss, SCHEDULE_QUEUE);
  const rows = await db.jobSchedule.findMany({ select: { id: true, cron: true, enabled: true } });
  const wanted = new Map(rows.filter((row) => row.enabled).map((row) => [row.id, row]));
  const present = await boss.getSchedules(SCHEDULE_QUEUE);
  for (const schedule of present) {
    const row = wanted.get(schedule.key);
    if (!row) await boss.unschedule(SCHEDULE_QUEUE, schedule.key);
    else if (row.cron === schedule.cron) wanted.delete(schedule.key);
  }
  for (const row of wanted.values()) await applyToBoss({ boss, row });
};
