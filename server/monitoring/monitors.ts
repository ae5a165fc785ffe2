import "server-only";
import type { Monitor, MonitorRun, Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { newId } from "../ids";
import { ConflictError, NotFoundError } from "../errors";
import { featureGroupWhere, featureViewWhere } from "../access-where";
import type { TProjectAccess, TRequestContext } from "../principal";
import { recordAuditEvent } from "../audit/record";
import { createJobSchedule, deleteJobSchedule, enqueueJob, nextCronRun, updateJobSchedule } from "../jobs";
import { monitorRunJobContract } from "../jobs/contracts";
import {
  ZCreateMonitorSchema,
  ZUpdateMonitorSchema,
  type TCreateMonitor,
  type TMonitor,
  type TMonitorSpec,
  type TUpdateMonitor,
} from "@/lib/api/monitoring";
import { showMonitor } from "@/lib/monitoring-values";
import { assertValid, resolveTarget, type TTarget } from "./monitor-spec";

// Drift monitors (docs/monitoring.md): created and edited through the API and the console, validated whole before
// anything is written (422 naming the field), run by the `monitor-run` job on their cron schedule (a JobSchedule
// the monitor owns) or on demand. The target and spec are checked in monitor-spec.ts.

const targetOfRow = (row: TMonitorRow): Promise<TTarget> =>
  row.featureGroup
    ? resolveTarget(row.projectId, { featureGroup: row.featureGroup })
    : resolveTarget(row.projectId, { featureView: row.featureView! });

type TMonitorRow = Monitor & {
  featureGroup: { name: string; version: number } | null;
  featureView: { name: string; version: number } | null;
  runs: MonitorRun[];
};
const MONITOR_INCLUDE = {
  featureGroup: { select: { name: true, version: true } },
  featureView: { select: { name: true, version: true } },
  runs: { orderBy: { computedAt: "desc" }, take: 1 },
} as const;

const toMonitorView = (row: TMonitorRow, cron: string | null): TMonitor => {
  const spec = row.spec as unknown as TMonitorSpec;
  const target = row.featureGroup
    ? { kind: "featureGroup" as const, ...row.featureGroup }
    : { kind: "featureView" as const, ...row.featureView! };
  const last = row.runs[0];
  return {
    id: row.id,
    name: row.name,
    target,
    features: spec.features,
    detection: spec.detection,
    reference: spec.reference,
    cron,
    nextRunAt: cron ? (nextCronRun({ cron })?.toISOString() ?? null) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastRun: last
      ? {
          id: last.id,
          computedAt: last.computedAt.toISOString(),
          breaches: last.breaches,
          detectionRows: last.detectionRows,
        }
      : null,
  };
};

const cronOf = async (row: Monitor) =>
  row.scheduleId ? ((await db.jobSchedule.findUnique({ where: { id: row.scheduleId } }))?.cron ?? null) : null;

const view = async (row: TMonitorRow, access: TProjectAccess) =>
  showMonitor(toMonitorView(row, await cronOf(row)), access.scopes);

/** The monitor row, if the caller may read its target. */
export const findMonitorRow = async ({ access, name }: { access: TProjectAccess; name: string }) => {
  const row = await db.monitor.findFirst({
    where: {
      projectId: access.project.id,
      name,
      OR: [
        { featureGroup: featureGroupWhere({ projectId: access.project.id, intent: "read" }) },
        { featureView: featureViewWhere({ projectId: access.project.id, intent: "read" }) },
      ],
    },
    include: MONITOR_INCLUDE,
  });
  if (!row) throw new NotFoundError(`Monitor '${name}' not found`);
  return row;
};

export const findMonitors = async ({
  access,
  featureGroup,
  featureView,
  version,
}: {
  access: TProjectAccess;
  featureGroup?: string;
  featureView?: string;
  version?: number;
}): Promise<{ monitors: TMonitor[] }> => {
  const projectId = access.project.id;
  const rows = await db.monitor.findMany({
    where: {
      projectId,
      OR: [
        {
          featureGroup: {
            ...featureGroupWhere({ projectId, intent: "read" }),
            ...(featureGroup ? { name: featureGroup } : featureView ? { id: "" } : {}),
            ...(featureGroup && version ? { version } : {}),
          },
        },
        {
          featureView: {
            ...featureViewWhere({ projectId, intent: "read" }),
            ...(featureView ? { name: featureView } : featureGroup ? { id: "" } : {}),
            ...(featureView && version ? { version } : {}),
          },
        },
      ],
    },
    include: MONITOR_INCLUDE,
    orderBy: { name: "asc" },
  });
  return { monitors: await Promise.all(rows.map((row) => view(row, access))) };
};

export const getMonitor = async ({ access, name }: { access: TProjectAccess; name: string }) =>
  view(await findMonitorRow({ access, name }), access);

const schedulePayload = (monitorId: string) => ({ monitorId });

export const createMonitor = async ({
  ctx,
  access,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  input: TCreateMonitor;
}): Promise<TMonitor> => {
  const parsed = ZCreateMonitorSchema.parse(input);
  const target = await resolveTarget(access.project.id, parsed.target);
  const spec: TMonitorSpec = { features: parsed.features, detection: parsed.detection, reference: parsed.reference };
  await assertValid(access.project.id, target, spec, parsed.cron);
  if (await db.monitor.findFirst({ where: { projectId: access.project.id, name: parsed.name }, select: { id: true } }))
    throw new ConflictError(`A monitor named '${parsed.name}' exists`);
  const id = newId("mon");
  await db.$transaction(async (tx) => {
    await tx.monitor.create({
      data: {
        id,
        projectId: access.project.id,
        name: parsed.name,
        featureGroupId: target.kind === "featureGroup" ? target.id : null,
        featureViewId: target.kind === "featureView" ? target.id : null,
        spec: spec as unknown as Prisma.InputJsonValue,
        createdById: ctx.principal.userId,
      },
    });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "monitor.create",
      resourceType: "monitor",
      resourceId: id,
      resourceName: parsed.name,
      details: { target: `${target.kind}:${target.name}:${target.version}`, cron: parsed.cron },
      tx,
    });
  });
  if (parsed.cron !== null) {
    try {
      const schedule = await createJobSchedule({
        ctx,
        access,
        input: { type: monitorRunJobContract.type, cron: parsed.cron, payload: schedulePayload(id) },
      });
      await db.monitor.update({ where: { id }, data: { scheduleId: schedule.id } });
    } catch (error) {
      await db.monitor.delete({ where: { id } });
      throw error;
    }
  }
  return getMonitor({ access, name: parsed.name });
};

export const updateMonitor = async ({
  ctx,
  access,
  name,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  input: TUpdateMonitor;
}): Promise<TMonitor> => {
  const parsed = ZUpdateMonitorSchema.parse(input);
  const row = await findMonitorRow({ access, name });
  const current = row.spec as unknown as TMonitorSpec;
  const spec: TMonitorSpec = {
    features: parsed.features ?? current.features,
    detection: parsed.detection ?? current.detection,
    reference: parsed.reference ?? current.reference,
  };
  const cron = parsed.cron === undefined ? await cronOf(row) : parsed.cron;
  await assertValid(access.project.id, await targetOfRow(row), spec, cron);
  await db.$transaction(async (tx) => {
    await tx.monitor.update({ where: { id: row.id }, data: { spec: spec as unknown as Prisma.InputJsonValue } });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "monitor.update",
      resourceType: "monitor",
      resourceId: row.id,
      resourceName: row.name,
      details: { changed: Object.keys(parsed) },
      tx,
    });
  });
  if (parsed.cron !== undefined) {
    if (row.scheduleId && cron !== null)
      await updateJobSchedule({ ctx, access, scheduleId: row.scheduleId, input: { cron } });
    else if (row.scheduleId) {
      await db.monitor.update({ where: { id: row.id }, data: { scheduleId: null } });
      await deleteJobSchedule({ ctx, access, scheduleId: row.scheduleId });
    } else if (cron !== null) {
      const schedule = await createJobSchedule({
        ctx,
        access,
        input: { type: monitorRunJobContract.type, cron, payload: schedulePayload(row.id) },
      });
      await db.monitor.update({ where: { id: row.id }, data: { scheduleId: schedule.id } });
    }
  }
  return getMonitor({ access, name });
};

/** What acts on one monitor receives. */
type TMonitorAction = { ctx: TRequestContext; access: TProjectAccess; name: string };

export const deleteMonitor = async ({ ctx, access, name }: TMonitorAction) => {
  const row = await findMonitorRow({ access, name });
  if (row.scheduleId) await deleteJobSchedule({ ctx, access, scheduleId: row.scheduleId });
  await db.$transaction(async (tx) => {
    await tx.monitor.delete({ where: { id: row.id } });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "monitor.delete",
      resourceType: "monitor",
      resourceId: row.id,
      resourceName: row.name,
      tx,
    });
  });
};

/** "Run now": queues the monitor's job; the run appears when it succeeds. */
export const runMonitorNow = async ({ ctx, access, name }: TMonitorAction) => {
  const row = await findMonitorRow({ access, name });
  return enqueueJob({ ctx, access, type: monitorRunJobContract.type, payload: { monitorId: row.id } });
};
