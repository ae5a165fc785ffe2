import "server-only";
import { fromPrisma } from "pg-boss";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { newId } from "../ids";
import { ConflictError, ForbiddenError, InvalidInputError, zodIssuesToFields } from "../errors";
import { hasScope } from "@/lib/scopes";
import type { TJob } from "@/lib/api/jobs";
import type { TProjectAccess, TRequestContext } from "../principal";
import type { TJobContract } from "./define";
import { ensureQueue, getBoss, queueNameFor, sendOptionsFor, type TBossJobData } from "./boss";
import { findJobRow, toJobView, type TJobActionParams } from "./queries";
import { recordJobAuditEvent } from "./job-audit";
import { findJobContract } from "./registry";
import { featureGroupWhere } from "../access-where";
import { assertPayloadIdsInProject } from "./payload-references";

type TTx = Prisma.TransactionClient;

/** The contract of `type`, or a 422 naming `field`. */
export const requireJobContract = ({ type, field = "type" }: { type: string; field?: string }): TJobContract => {
  const contract = findJobContract(type);
  if (!contract)
    throw new InvalidInputError(`Unknown job type '${type}'`, [
      { path: field, message: `is not a job type this server knows` },
    ]);
  return contract;
};

export const assertMayEnqueue = ({ access, contract }: { access: TProjectAccess; contract: TJobContract }) => {
  if (!hasScope({ scopes: access.scopes, required: contract.scope })) {
    throw new ForbiddenError(`Running '${contract.type}' jobs requires the '${contract.scope}' scope`);
  }
};

export const validateJobPayload = ({ contract, payload }: { contract: TJobContract; payload: unknown }) => {
  const parsed = contract.payloadSchema.safeParse(payload);
  if (!parsed.success)
    throw new InvalidInputError(
      `The payload does not match the '${contract.type}' job's schema`,
      zodIssuesToFields(parsed.error, "payload"),
    );
};

/** Hands the job to pg-boss inside the caller's transaction: the Job row and its queue entry commit together. */
export const sendToQueue = async ({
  tx,
  contract,
  jobId,
  attemptsLeft,
}: {
  tx: TTx;
  contract: TJobContract;
  jobId: string;
  attemptsLeft: number;
}) => {
  const boss = await getBoss();
  const data: TBossJobData = { jobId };
  await boss.send(queueNameFor(contract.type), data, {
    ...sendOptionsFor({ contract, jobId, attemptsLeft }),
    db: fromPrisma(tx),
  });
};

type TInsertJobInput = {
  ctx: TRequestContext | null;
  project: { id: string; name: string };
  contract: TJobContract;
  payload: unknown;
  featureGroupId?: string | null;
  scheduleId?: string | null;
  createdById: string | null;
  /** The receiving project of a READ_WRITE share that asked for this job of the home project (docs/sharing.md). */
  requestedBy?: { id: string; name: string } | null;
  /** Insert inside the caller's transaction (the job exists only if the caller's writes commit). */
  tx?: TTx;
};

/** Creates the Job row (QUEUED) and its pg-boss job atomically. Callers have validated access and payload. */
export const insertJob = async ({
  ctx,
  project,
  contract,
  payload,
  featureGroupId = null,
  scheduleId = null,
  createdById,
  requestedBy = null,
  tx: callerTx,
}: TInsertJobInput): Promise<TJob> => {
  await ensureQueue(await getBoss(), queueNameFor(contract.type));
  const insert = async (tx: TTx) => {
    const created = await tx.job.create({
      data: {
        id: newId("job"),
        projectId: project.id,
        type: contract.type,
        status: "QUEUED",
        payload: (payload ?? {}) as Prisma.InputJsonValue,
        maxAttempts: contract.maxAttempts,
        featureGroupId,
        scheduleId,
        createdById,
        requestedByProjectId: requestedBy?.id ?? null,
      },
    });
    await sendToQueue({ tx, contract, jobId: created.id, attemptsLeft: contract.maxAttempts });
    // Audited in the job's project, and in the project that asked for it through a share.
    for (const audited of requestedBy ? [project, requestedBy] : [project])
      await recordJobAuditEvent({
        ctx,
        access: { project: audited },
        tx,
        job: created,
        action: "job.enqueue",
        details: {
          featureGroupId,
          scheduleId,
          ...(requestedBy ? { homeProjectId: project.id, requestedByProjectId: requestedBy.id } : {}),
        },
      });
    return created;
  };
  const row = callerTx ? await insert(callerTx) : await db.$transaction(insert);
  // A new job has no error text yet: nothing to show or hide.
  return toJobView(row, { scopes: [] });
};

/**
 * Queues a job of a registered type in the caller's project. The payload is validated here (422 naming the
 * field) and again by the worker before it runs, in case the contract changed in between.
 */
export const enqueueJob = async ({
  ctx,
  access,
  type,
  payload,
  featureGroupId,
  scheduleId,
  requestedBy,
}: {
  ctx: TRequestContext | null;
  access: TProjectAccess;
  type: string;
  payload: unknown;
  featureGroupId?: string | null;
  scheduleId?: string | null;
  requestedBy?: { id: string; name: string } | null;
}): Promise<TJob> => {
  const contract = requireJobContract({ type });
  assertMayEnqueue({ access, contract });
  validateJobPayload({ contract, payload });
  await assertPayloadIdsInProject({ projectId: access.project.id, payload });
  if (featureGroupId) {
    const featureGroup = await db.featureGroup.findFirst({
      where: { ...featureGroupWhere({ projectId: access.project.id, intent: "write" }), id: featureGroupId },
      select: { id: true },
    });
    if (!featureGroup)
      throw new InvalidInputError("Unknown feature group", [
        { path: "featureGroupId", message: "is not a feature group of this project" },
      ]);
  }
  return insertJob({
    ctx,
    project: access.project,
    contract,
    payload,
    featureGroupId,
    scheduleId,
    createdById: ctx?.principal.userId ?? null,
    requestedBy,
  });
};

/** Re-queues a FAILED or CANCELLED job as a new attempt, with a fresh budget of the type's maxAttempts. */
export const retryJob = async ({ ctx, access, jobId }: TJobActionParams): Promise<TJob> => {
  const job = await findJobRow({ access, jobId });
  if (job.status !== "FAILED" && job.status !== "CANCELLED")
    throw new ConflictError(`Only failed or cancelled jobs can be retried; this one is ${job.status}`);
  const contract = findJobContract(job.type);
  if (!contract) throw new ConflictError(`Job type '${job.type}' is no longer known to this server`);
  assertMayEnqueue({ access, contract });
  const parsed = contract.payloadSchema.safeParse(job.payload);
  if (!parsed.success)
    throw new ConflictError(
      `This job's payload no longer matches the '${job.type}' job's schema; enqueue a new job instead`,
    );
  await ensureQueue(await getBoss(), queueNameFor(contract.type));
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.job.updateManyAndReturn({
      where: { id: job.id, projectId: access.project.id, status: { in: ["FAILED", "CANCELLED"] } },
      data: {
        status: "QUEUED",
        maxAttempts: job.attempts + contract.maxAttempts,
        error: null,
        cancelRequestedAt: null,
        finishedAt: null,
        progress: 0,
        rowsProcessed: 0,
      },
    });
    if (updated.length === 0)
      throw new ConflictError("The job changed while it was being retried; reload and try again");
    await sendToQueue({ tx, contract, jobId: job.id, attemptsLeft: contract.maxAttempts });
    await tx.jobLog.create({
      data: { jobId: job.id, level: "info", message: `Retry requested (previous status ${job.status})` },
    });
    await recordJobAuditEvent({ ctx, access, tx, job, action: "job.retry", details: { previousStatus: job.status } });
    return updated[0];
  });
  return toJobView(row, access);
};
