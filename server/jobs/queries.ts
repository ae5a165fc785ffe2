import "server-only";
import type { Job, Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { InvalidInputError, NotFoundError } from "../errors";
import type { TProjectAccess, TRequestContext } from "../principal";
import { showFeatureValues } from "@/lib/feature-values";
import { hasScope } from "@/lib/scopes";
import { findJobContract } from "./registry";
import type { TJob, TJobListQuery, TJobLogLevel, TJobLogPage, TJobLogQuery, TJobPage } from "@/lib/api/jobs";

/** The result without the keys its contract declares as holding values, for readers without featureData:read. */
const showJobResult = (row: Job, scopes: readonly string[]): unknown => {
  const valueKeys = findJobContract(row.type)?.resultValueKeys ?? [];
  const result = row.result ?? null;
  if (!valueKeys.length || hasScope({ scopes, required: "featureData:read" })) return result;
  if (!result || typeof result !== "object" || Array.isArray(result)) return result;
  return Object.fromEntries(Object.entries(result).filter(([key]) => !valueKeys.includes(key)));
};

/**
 * A job as `reader` may see it. Every route that returns a job (list, detail, cancel, retry, a feature group's
 * activity, which is the list filtered) goes through here: the error's feature values are shown only with
 * `featureData:read` (lib/feature-values.ts).
 */
export const toJobView = (row: Job, reader: Pick<TProjectAccess, "scopes">): TJob => ({
  id: row.id,
  type: row.type,
  status: row.status,
  progress: row.progress,
  rowsProcessed: Number(row.rowsProcessed),
  attempts: row.attempts,
  maxAttempts: row.maxAttempts,
  payload: row.payload,
  result: showJobResult(row, reader.scopes),
  error: showFeatureValues(row.error, reader.scopes),
  featureGroupId: row.featureGroupId,
  scheduleId: row.scheduleId,
  createdById: row.createdById,
  createdAt: row.createdAt.toISOString(),
  startedAt: row.startedAt?.toISOString() ?? null,
  finishedAt: row.finishedAt?.toISOString() ?? null,
  cancelRequestedAt: row.cancelRequestedAt?.toISOString() ?? null,
  cancelRefusal: row.cancelRefusal,
});

// Keyset cursor over (createdAt, id), newest first: stable while new jobs arrive, unlike an offset.
const encodeCursor = (row: { createdAt: Date; id: string }) =>
  Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");

const decodeCursor = (cursor: string): { createdAt: Date; id: string } => {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at);
  if (!id || Number.isNaN(createdAt.getTime()))
    throw new InvalidInputError("Invalid cursor", [
      { path: "query.cursor", message: "is not a cursor this API returned" },
    ]);
  return { createdAt, id };
};

/** One job of the caller's project, by id. */
type TJobRef = { access: TProjectAccess; jobId: string };

export const findJobs = async ({
  access,
  query,
}: Omit<TJobRef, "jobId"> & { query: TJobListQuery }): Promise<TJobPage> => {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const where: Prisma.JobWhereInput = {
    // The project's jobs, and those it asked another project to run through a share (docs/sharing.md).
    AND: [{ OR: [{ projectId: access.project.id }, { requestedByProjectId: access.project.id }] }],
    ...(query.status ? { status: { in: query.status } } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(query.featureGroupId ? { featureGroupId: query.featureGroupId } : {}),
    ...(after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : {}),
  };
  const rows = await db.job.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    jobs: page.map((row) => toJobView(row, access)),
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null,
  };
};

/** What an action on one job of a project (cancel, retry) is called with. */
export type TJobActionParams = { ctx: TRequestContext; access: TProjectAccess; jobId: string };

/** A job of this project, or NotFoundError: a job id from another project is indistinguishable from none. */
export const findJobRow = async ({ access, jobId }: TJobRef): Promise<Job> => {
  const row = await db.job.findFirst({
    where: { id: jobId, OR: [{ projectId: access.project.id }, { requestedByProjectId: access.project.id }] },
  });
  if (!row) throw new NotFoundError("Job not found");
  return row;
};

export const findJob = async ({ access, jobId }: TJobRef): Promise<TJob> =>
  toJobView(await findJobRow({ access, jobId }), access);

export const findJobLogs = async ({
  access,
  jobId,
  query,
}: TJobRef & { query: TJobLogQuery }): Promise<TJobLogPage> => {
  const job = await findJobRow({ access, jobId });
  const rows = await db.jobLog.findMany({
    where: {
      jobId: job.id,
      job: { projectId: access.project.id },
      ...(query.after !== undefined ? { id: { gt: BigInt(query.after) } } : {}),
    },
    orderBy: { id: "asc" },
    take: query.limit,
  });
  return {
    logs: rows.map((row) => ({
      id: Number(row.id),
      at: row.at.toISOString(),
      level: row.level as TJobLogLevel,
      message: showFeatureValues(row.message, access.scopes),
    })),
    lastId: rows.length ? Number(rows[rows.length - 1].id) : (query.after ?? null),
    status: job.status,
  };
};
