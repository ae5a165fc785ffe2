import "server-only";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { principalLabel, type TRequestContext } from "../principal";

// Keys whose values must never reach the audit log, whatever a caller passes in `details`.
const SECRET_KEYS = /password|secret|token|hash/i;

const redact = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        key,
        SECRET_KEYS.test(key) ? "[redacted]" : redact(inner),
      ]),
    );
  }
  return value;
};

export type TAuditInput = {
  ctx: TRequestContext | null;
  project?: { id: string; name: string } | null;
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /**
   * What the resource is called when the event happens (shown in the audit log, the id on hover): required, so no
   * event is recorded by id alone; null only when there is nothing to name (a sign-in for an unknown email).
   */
  resourceName: string | null;
  details?: Record<string, unknown>;
  tx?: Prisma.TransactionClient;
};

/** Appends one event to the audit log (the table refuses UPDATE and DELETE). */
export const recordAuditEvent = async ({
  ctx,
  project,
  action,
  resourceType,
  resourceId,
  resourceName,
  details,
  tx,
}: TAuditInput) => {
  const client = tx ?? db;
  const principal = ctx?.principal;
  await client.auditEvent.create({
    data: {
      projectId: project?.id ?? null,
      projectName: project?.name ?? null,
      actorType: principal ? principal.kind : "system",
      actorId: principal ? principal.userId : null,
      actorLabel: principal ? principalLabel(principal) : "system",
      action,
      resourceType,
      resourceId: resourceId ?? null,
      resourceName: resourceName?.slice(0, 300) ?? null,
      clientIp: ctx?.clientIp ?? null,
      userAgent: ctx?.userAgent?.slice(0, 300) ?? null,
      details: redact(details ?? {}) as Prisma.InputJsonValue,
    },
  });
};

/**
 * Runs `change` and records its audit event in one transaction, so the log holds the event exactly when the change
 * happened; `event` may name what the change returned (a created row's id). Returns what `change` returned.
 */
export const withAuditEvent = <T>(
  change: (tx: Prisma.TransactionClient) => Promise<T>,
  event: (result: T) => Omit<TAuditInput, "tx">,
): Promise<T> =>
  db.$transaction(async (tx) => {
    const result = await change(tx);
    await recordAuditEvent({ ...event(result), tx });
    return result;
  });

/**
 * A read of values drawn from items of several projects — a feature view's batch data or vectors joining groups
 * another project shares with the reader's (docs/sharing.md): recorded in the reader's project and once in each
 * other home project, naming who read it from where.
 */
export const recordValueRead = async ({
  itemProjectIds,
  ...input
}: TAuditInput & { itemProjectIds: readonly string[] }) => {
  await recordAuditEvent(input);
  const reader = input.project;
  if (!reader) return;
  const others = [...new Set(itemProjectIds)].filter((id) => id !== reader.id);
  if (!others.length) return;
  const homes = await (input.tx ?? db).project.findMany({
    where: { id: { in: others } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  for (const home of homes)
    await recordAuditEvent({
      ...input,
      project: home,
      details: { ...input.details, readByProjectId: reader.id, readByProject: reader.name },
    });
};

/** The projects whose feature groups a feature view reads (its own, and those sharing groups with it). */
export const viewSourceProjectIds = async (featureViewId: string): Promise<string[]> =>
  (
    await db.featureViewSource.findMany({
      where: { featureViewId, featureGroupId: { not: null } },
      select: { featureGroup: { select: { projectId: true } } },
    })
  ).flatMap(({ featureGroup }) => (featureGroup ? [featureGroup.projectId] : []));
