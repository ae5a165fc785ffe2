import "server-only";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { newId } from "../ids";
import { NotFoundError } from "../errors";
import type { TProjectAccess, TRequestContext } from "../principal";
import { recordAuditEvent } from "../audit/record";
import { insertJob } from "../jobs/enqueue";
import { webhookDeliveryJobContract } from "../jobs/contracts";
import type { TAlert } from "@/lib/api/monitoring";

// Alerts: the console's notification area (docs/monitoring.md). Any feature posts one with postAlert — a kind
// ("monitoring.drift", "monitoring.freshness", …), a severity, a subject ("featureView:fraud_model:1"), a message
// that carries no feature values (every member reads alerts), and a link into the console. Each alert is
// delivered to the project's webhooks by `webhook-delivery` jobs queued in the same transaction.

type TTx = Prisma.TransactionClient;

export const postAlert = async ({
  tx,
  projectId,
  kind,
  severity,
  subject,
  message,
  link = null,
  details = {},
}: {
  tx: TTx;
  projectId: string;
  kind: string;
  severity: TAlert["severity"];
  subject: string;
  message: string;
  link?: string | null;
  details?: Record<string, unknown>;
}) => {
  const alert = await tx.alert.create({
    data: {
      id: newId("alr"),
      projectId,
      kind,
      severity,
      subject,
      message,
      link,
      details: details as Prisma.InputJsonValue,
    },
  });
  const webhooks = await tx.webhook.findMany({ where: { projectId }, select: { id: true } });
  if (webhooks.length) {
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true, name: true } });
    for (const webhook of webhooks)
      await insertJob({
        tx,
        ctx: null,
        project,
        contract: webhookDeliveryJobContract,
        payload: { webhookId: webhook.id, alertId: alert.id },
        createdById: null,
      });
  }
  return alert;
};

export const toAlertView = (row: {
  id: string;
  kind: string;
  severity: string;
  subject: string;
  message: string;
  link: string | null;
  createdAt: Date;
  acknowledgedAt: Date | null;
}): TAlert => ({
  id: row.id,
  kind: row.kind,
  severity: row.severity as TAlert["severity"],
  subject: row.subject,
  message: row.message,
  link: row.link,
  createdAt: row.createdAt.toISOString(),
  acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
});

export const findAlerts = async ({
  access,
  subject,
  limit = 100,
}: {
  access: TProjectAccess;
  subject?: string;
  limit?: number;
}) => {
  const where = { projectId: access.project.id, ...(subject ? { subject } : {}) };
  const [rows, unacknowledged] = await Promise.all([
    db.alert.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit }),
    db.alert.count({ where: { ...where, acknowledgedAt: null } }),
  ]);
  return { alerts: rows.map(toAlertView), unacknowledged };
};

export const acknowledgeAlert = async ({
  ctx,
  access,
  alertId,
  acknowledged,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  alertId: string;
  acknowledged: boolean;
}) => {
  const row = await db.alert.findFirst({ where: { id: alertId, projectId: access.project.id } });
  if (!row) throw new NotFoundError("Alert not found");
  const updated = await db.$transaction(async (tx) => {
    const saved = await tx.alert.update({
      where: { id: row.id },
      data: { acknowledgedAt: acknowledged ? (row.acknowledgedAt ?? new Date()) : null },
    });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "alert.acknowledge",
      resourceType: "alert",
      resourceId: row.id,
      resourceName: row.subject,
      details: { acknowledged },
      tx,
    });
    return saved;
  });
  return toAlertView(updated);
};
