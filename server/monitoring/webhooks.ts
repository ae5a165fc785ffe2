import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { db } from "../db/client";
import { newId } from "../ids";
import { getEnv } from "../env";
import { InvalidInputError, NotFoundError } from "../errors";
import type { TProjectAccess, TRequestContext } from "../principal";
import { recordAuditEvent } from "../audit/record";
import { toAlertView } from "./alerts";

// Webhooks (docs/monitoring.md): every alert of a project is POSTed as JSON to each of its webhooks, signed with
// HMAC-SHA256 over `<timestamp>.<body>` under the webhook's secret, and retried by the job runner until the
// receiver answers 2xx. Destinations are limited to the administrator's allow-list (LARDER_WEBHOOK_ALLOWED_HOSTS),
// checked when a webhook is created and again before each delivery, so no webhook reaches an internal service.

const SIGNATURE_HEADER = "x-larder-signature";
const TIMESTAMP_HEADER = "x-larder-timestamp";

const allowedHosts = () =>
  getEnv()
    .LARDER_WEBHOOK_ALLOWED_HOSTS.split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);

/** Is the URL's host (any port) or host:port on the allow-list? */
const isAllowedWebhookUrl = (url: string) => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return false;
  if (parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  return allowedHosts().some((entry) => entry === host || entry === `${host}:${parsed.port}` || entry === parsed.host);
};

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`): what a receiver recomputes. */
const signPayload = ({ secret, timestamp, body }: { secret: string; timestamp: string; body: string }) =>
  `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;

const toWebhookView = (row: { id: string; url: string; createdAt: Date }) => ({
  id: row.id,
  url: row.url,
  createdAt: row.createdAt.toISOString(),
});

export const findWebhooks = async ({ access }: { access: TProjectAccess }) => ({
  webhooks: (await db.webhook.findMany({ where: { projectId: access.project.id }, orderBy: { createdAt: "asc" } })).map(
    toWebhookView,
  ),
});

export const createWebhook = async ({
  ctx,
  access,
  url,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  url: string;
}) => {
  if (!isAllowedWebhookUrl(url))
    throw new InvalidInputError("Webhook destination not allowed", [
      {
        path: "url",
        message: "its host is not on the administrator's allow-list of webhook hosts (LARDER_WEBHOOK_ALLOWED_HOSTS)",
      },
    ]);
  const secret = randomBytes(32).toString("hex");
  const row = await db.$transaction(async (tx) => {
    const created = await tx.webhook.create({
      data: { id: newId("whk"), projectId: access.project.id, url, secret, createdById: ctx.principal.userId },
    });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "webhook.create",
      resourceType: "webhook",
      resourceId: created.id,
      resourceName: new URL(url).host,
      tx,
    });
    return created;
  });
  return { ...toWebhookView(row), secret };
};

export const deleteWebhook = async ({
  ctx,
  access,
  webhookId,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  webhookId: string;
}) => {
  const row = await db.webhook.findFirst({ where: { id: webhookId, projectId: access.project.id } });
  if (!row) throw new NotFoundError("Webhook not found");
  await db.$transaction(async (tx) => {
    await tx.webhook.delete({ where: { id: row.id } });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "webhook.delete",
      resourceType: "webhook",
      resourceId: row.id,
      resourceName: new URL(row.url).host,
      tx,
    });
  });
};

/** Why a delivery will never succeed (the webhook or alert is gone, the host left the allow-list). */
export class WebhookGoneError extends Error {}

/** One delivery attempt: resolves on a 2xx answer, throws otherwise (the job runner retries with backoff). */
export const deliverAlert = async ({
  projectId,
  webhookId,
  alertId,
  signal,
}: {
  projectId: string;
  webhookId: string;
  alertId: string;
  signal?: AbortSignal;
}) => {
  const [webhook, alert] = await Promise.all([
    db.webhook.findFirst({ where: { id: webhookId, projectId } }),
    db.alert.findFirst({ where: { id: alertId, projectId }, include: { project: { select: { name: true } } } }),
  ]);
  if (!webhook || !alert) throw new WebhookGoneError("The webhook or the alert no longer exists");
  if (!isAllowedWebhookUrl(webhook.url)) throw new WebhookGoneError("The webhook's host is no longer allowed");
  const body = JSON.stringify({ project: alert.project.name, alert: toAlertView(alert) });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(webhook.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signPayload({ secret: webhook.secret, timestamp, body }),
    },
    body,
    redirect: "manual",
    signal: AbortSignal.any([AbortSignal.timeout(10_000), ...(signal ? [signal] : [])]),
  });
  if (response.status < 200 || response.status >= 300) throw new Error(`The receiver answered ${response.status}`);
  return { status: response.status };
};
