import "server-only";
import { db } from "../db/client";
import { featureGroupWhere } from "../access-where";
import type { ErasureRequest, Job, Prisma } from "../db/generated/client";
import { ConflictError, NotFoundError } from "../errors";
import { newId } from "../ids";
import { recordAuditEvent } from "../audit/record";
import { erasureJobContract } from "../jobs/contracts";
import { insertJob } from "../jobs/enqueue";
import { showFeatureValues } from "@/lib/feature-values";
import type { TProjectAccess, TRequestContext } from "../principal";
import { ZCreateErasureRequestSchema, type TCreateErasureRequest, type TErasureRequest } from "@/lib/api/erasure";
import { resolveErasureTargets, type TErasureKey } from "./targets";
import type { TErasureSteps } from "./steps";

// Erasure requests (docs/erasure.md): filing one (the request, its ingest filters, its job and the audit event in one
// transaction), reading them, downloading the report, closing the filter.

const requestPath = (project: string, id: string) => `/api/v1/projects/${project}/erasure-requests/${id}`;

/** The request's status: COMPLETED once its report is recorded; until then its job's. */
const statusOf = (row: ErasureRequest, job: Job | null): TErasureRequest["status"] => {
  if (row.status === "COMPLETED") return "COMPLETED";
  if (job?.status === "FAILED") return "FAILED";
  if (job?.status === "CANCELLED") return "CANCELLED";
  return job?.status === "RUNNING" || row.status === "RUNNING" ? "RUNNING" : "QUEUED";
};

const toView = (
  row: ErasureRequest,
  {
    project,
    job,
    groups,
    creator,
    scopes,
  }: {
    project: { name: string };
    job: Job | null;
    groups: { id: string; name: string; version: number }[];
    creator: string | null;
    scopes: readonly string[];
  },
): TErasureRequest => {
  const steps = row.steps as TErasureSteps;
  return {
    id: row.id,
    status: statusOf(row, job),
    datasetPolicy: row.datasetPolicy as TErasureRequest["datasetPolicy"],
    keyColumns: row.keyColumns,
    keyCount: row.keyCount,
    keyDigests: row.keyDigests,
    allGroups: row.allGroups,
    featureGroups: row.featureGroupIds.map(
      (id) => groups.find((group) => group.id === id) ?? { id, name: "(deleted)", version: 0 },
    ),
    note: row.note,
    job: job && {
      id: job.id,
      status: job.status,
      progress: job.progress,
      error: showFeatureValues(job.error, scopes),
      cancellable: !job.cancelRefusal && (job.status === "QUEUED" || job.status === "RUNNING"),
    },
    step: steps.step ?? null,
    summary: steps.summary ?? null,
    report: row.reportSha256
      ? { sha256: row.reportSha256, downloadPath: `${requestPath(project.name, row.id)}/report` }
      : null,
    filtering: row.closedAt === null,
    createdBy: creator,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
  };
};

const toViews = async (rows: ErasureRequest[], access: TProjectAccess): Promise<TErasureRequest[]> => {
  const jobs = await db.job.findMany({
    where: { projectId: access.project.id, id: { in: rows.flatMap((row) => (row.jobId ? [row.jobId] : [])) } },
  });
  const groups = await db.featureGroup.findMany({
    where: {
      ...featureGroupWhere({ projectId: access.project.id, intent: "read" }),
      id: { in: rows.flatMap((row) => row.featureGroupIds) },
    },
    select: { id: true, name: true, version: true },
  });
  const users = await db.user.findMany({
    where: { id: { in: rows.flatMap((row) => (row.createdById ? [row.createdById] : [])) } },
    select: { id: true, email: true },
  });
  return rows.map((row) =>
    toView(row, {
      project: access.project,
      job: jobs.find((job) => job.id === row.jobId) ?? null,
      groups,
      creator: users.find((user) => user.id === row.createdById)?.email ?? null,
      scopes: access.scopes,
    }),
  );
};

const findRequestRow = async ({ access, requestId }: { access: TProjectAccess; requestId: string }) => {
  const row = await db.erasureRequest.findFirst({ where: { id: requestId, projectId: access.project.id } });
  if (!row) throw new NotFoundError(`Erasure request '${requestId}' not found`);
  return row;
};

/**
 * Files a request: checks every key against every group it covers (422 naming the field, nothing written), then in
 * one transaction records it, starts filtering its keys out of the groups' ingests, queues the `erasure` job and
 * audits it — with digests of the keys, never their values.
 */
export const createErasureRequest = async ({
  ctx,
  project,
  input,
}: {
  ctx: TRequestContext;
  project: { id: string; name: string };
  input: TCreateErasureRequest;
}): Promise<{ erasureRequest: TErasureRequest }> => {
  const spec = ZCreateErasureRequestSchema.parse(input);
  const keys = spec.keys as TErasureKey[];
  const targets = await resolveErasureTargets({ projectId: project.id, keys, featureGroups: spec.featureGroups });
  const id = newId("ers");
  const keyDigests = targets.groups[0].digests;
  const row = await db.$transaction(async (tx) => {
    await tx.erasureRequest.create({
      data: {
        id,
        projectId: project.id,
        datasetPolicy: spec.datasetPolicy,
        keyColumns: targets.keyColumns,
        keyCount: keys.length,
        keyDigests,
        allGroups: targets.allGroups,
        featureGroupIds: targets.groups.map((group) => group.id),
        note: spec.note,
        keyValues: keys as unknown as Prisma.InputJsonValue,
        createdById: ctx.principal.userId,
        filters: {
          create: targets.groups.map((group) => ({
            featureGroupId: group.id,
            keyColumns: targets.keyColumns,
            keyDigests: group.digests,
          })),
        },
      },
    });
    const job = await insertJob({
      ctx,
      project,
      contract: erasureJobContract,
      payload: { erasureRequestId: id },
      createdById: ctx.principal.userId,
      tx,
    });
    await recordAuditEvent({
      ctx,
      project,
      action: "erasure.request",
      resourceType: "erasureRequest",
      resourceId: id,
      resourceName: `erasure of ${keys.length} key(s) by ${targets.keyColumns.join(", ")}`,
      details: {
        keyColumns: targets.keyColumns,
        keyCount: keys.length,
        // Digests only: the audit log must not hold the values it helps erase.
        keyDigests,
        featureGroups: targets.groups.map((group) => `${group.name} v${group.version}`),
        datasetPolicy: spec.datasetPolicy,
        jobId: job.id,
      },
      tx,
    });
    return tx.erasureRequest.update({ where: { id }, data: { jobId: job.id } });
  });
  const access = { project, role: "OWNER" as const, scopes: ["erasure:read" as const] };
  const [view] = await toViews([row], access);
  return { erasureRequest: view };
};

export const listErasureRequests = async ({ access }: { access: TProjectAccess }) => {
  const rows = await db.erasureRequest.findMany({
    where: { projectId: access.project.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
  });
  return { erasureRequests: await toViews(rows, access) };
};

export const getErasureRequest = async ({ access, requestId }: { access: TProjectAccess; requestId: string }) => {
  const [view] = await toViews([await findRequestRow({ access, requestId })], access);
  return view;
};

/** The report as recorded: the exact bytes its SHA-256 was taken of. 409 while the job has not written it. */
export const downloadErasureReport = async ({
  access,
  requestId,
}: {
  access: TProjectAccess;
  requestId: string;
}): Promise<Response> => {
  const row = await findRequestRow({ access, requestId });
  if (!row.report || !row.reportSha256)
    throw new ConflictError(`Erasure request '${requestId}' has no report yet (status ${row.status})`);
  return new Response(row.report, {
    status: 200,
    headers: {
      "content-type": "application/json",
      "content-disposition": `attachment; filename="erasure-${row.id}.json"`,
      "x-larder-report-sha256": row.reportSha256,
    },
  });
};

/** Ends the request's filter on re-ingests. Only a finished request closes: until then its job needs the filter. */
export const closeErasureRequest = async ({
  ctx,
  access,
  requestId,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  requestId: string;
}) => {
  const row = await findRequestRow({ access, requestId });
  if (row.closedAt) return getErasureRequest({ access, requestId });
  const { status } = await getErasureRequest({ access, requestId });
  if (status !== "COMPLETED" && status !== "CANCELLED")
    throw new ConflictError(
      `Erasure request '${requestId}' is ${status}; only a completed or cancelled request can be closed (its job still needs the filter)`,
    );
  await db.$transaction(async (tx) => {
    await tx.erasureFilter.deleteMany({ where: { requestId } });
    await tx.erasureRequest.update({
      where: { id: requestId },
      data: { closedAt: new Date(), closedById: ctx.principal.userId },
    });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "erasure.close",
      resourceType: "erasureRequest",
      resourceId: requestId,
      resourceName: `erasure of ${row.keyCount} key(s) by ${row.keyColumns.join(", ")}`,
      details: { keyDigests: row.keyDigests },
      tx,
    });
  });
  return getErasureRequest({ access, requestId });
};

/** An administrator files a request in any project (named in the body): the same checks, filter, job and audit. */
export const adminCreateErasureRequest = async ({
  ctx,
  input,
}: {
  ctx: TRequestContext;
  input: TCreateErasureRequest & { project: string };
}) => {
  const { project: projectName, ...request } = input;
  const project = await db.project.findUnique({ where: { name: projectName }, select: { id: true, name: true } });
  if (!project) throw new NotFoundError(`Project '${projectName}' not found`);
  return createErasureRequest({ ctx, project, input: request });
};
