import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as webhooksRoute from "@/app/api/v1/projects/[project]/webhooks/route";
import * as alertsRoute from "@/app/api/v1/projects/[project]/alerts/route";
import * as alertRoute from "@/app/api/v1/projects/[project]/alerts/[alertId]/route";
import * as freshnessRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/freshness/route";
import * as freshnessListRoute from "@/app/api/v1/projects/[project]/freshness/route";
import { db } from "@/server/db/client";
import { postAlert } from "@/server/monitoring";
import { checkFreshness } from "@/server/monitoring/freshness";
import { callRoute, waitForJobEnd } from "@/test/helpers";
import { featureList, useOwnedProject } from "@/test/fixtures/test-project";
import { featureGroupApi } from "@/test/fixtures/feature-group-api";

// Alerts reach the console and the project's webhooks: a signed POST (HMAC-SHA256 over `<timestamp>.<body>`) to a
// local receiver that the tests' allow-list admits (test/global-setup.ts), retried by the job runner until it
// answers 2xx; a URL outside the allow-list is refused (422 url). Freshness alerts once per breach.

const fx = useOwnedProject({ roles: ["EDITOR"], workerTypes: ["ingest", "webhook-delivery"] });
const api = featureGroupApi(fx);
const projectParams = () => ({ project: fx.project.name });

type TReceived = { headers: IncomingMessage["headers"]; body: string; at: number };
let server: Server;
let port = 0;
const received: TReceived[] = [];
/** The receiver fails the first `failures` requests with 503, then answers 204. */
let failures = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      response.statusCode = received.length <= failures ? 503 : 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (url: string, userId = fx.owner.id) =>
  callRoute(webhooksRoute.POST, projectParams(), { userId, method: "POST", body: { url } });

describe("webhooks", () => {
  it.each([
    ["a host not on the allow-list", "https://internal.example.com/hook"],
    ["the metadata service", "http://169.254.169.254/latest/meta-data"],
    ["localhost by name", "http://localhost:5432/"],
    ["credentials in the URL", "http://user:secret@127.0.0.1/hook"],
  ])("refuses %s with 422 url, saving nothing", async (_, url) => {
    const response = await post(url);
    expect(response.status, JSON.stringify(response.json)).toBe(422);
    expect(response.json.errors.map((error: { path: string }) => error.path)).toEqual(["url"]);
    expect(await db.webhook.count({ where: { projectId: fx.project.id } })).toBe(0);
  });

  it("is the owner's: an editor cannot add one", async () => {
    expect((await post(`http://127.0.0.1:${port}/hook`, fx.members[0].id)).status).toBe(403);
  });

  it("delivers an alert signed, retrying until the receiver answers 2xx", async () => {
    const created = await post(`http://127.0.0.1:${port}/hook`);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const secret: string = created.json.secret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const listed = await callRoute(webhooksRoute.GET, projectParams(), { userId: fx.owner.id });
    expect(listed.json.webhooks).toEqual([
      { id: created.json.id, url: created.json.url, createdAt: created.json.createdAt },
    ]);

    failures = 2;
    const alert = await db.$transaction((tx) =>
      postAlert({
        tx,
        projectId: fx.project.id,
        kind: "monitoring.drift",
        severity: "warning",
        subject: "featureGroup:payments:1",
        message: "Monitor m: 1 threshold crossed",
        link: "/projects/p/feature-groups/payments/1?tab=monitoring",
      }),
    );
    const job = await db.job.findFirstOrThrow({ where: { projectId: fx.project.id, type: "webhook-delivery" } });
    const ended = await waitForJobEnd(job.id, 90_000);
    expect(ended.status).toBe("SUCCEEDED");
    expect(ended.attempts).toBe(3);
    expect(received).toHaveLength(3);
    for (const request of received) {
      const timestamp = request.headers["x-larder-timestamp"] as string;
      const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${request.body}`).digest("hex")}`;
      expect(request.headers["x-larder-signature"]).toBe(expected);
      expect(JSON.parse(request.body)).toMatchObject({
        project: fx.project.name,
        alert: { id: alert.id, kind: "monitoring.drift", subject: "featureGroup:payments:1" },
      });
    }
    // A tampered body does not verify.
    const last = received[2];
    const forged = createHmac("sha256", secret)
      .update(`${last.headers["x-larder-timestamp"]}.${last.body} `)
      .digest("hex");
    expect(last.headers["x-larder-signature"]).not.toBe(`sha256=${forged}`);
    // Backoff: the retries came later, not at once.
    expect(received[2].at - received[0].at).toBeGreaterThanOrEqual(1000);
  }, 120_000);
});

describe("alerts", () => {
  it("lists newest first with an unacknowledged count, and an editor acknowledges", async () => {
    const list = await callRoute(alertsRoute.GET, projectParams(), { userId: fx.members[0].id });
    expect(list.status).toBe(200);
    const before = list.json.unacknowledged;
    expect(before).toBeGreaterThanOrEqual(1);
    const [first] = list.json.alerts;
    const acked = await callRoute(
      alertRoute.PATCH,
      { ...projectParams(), alertId: first.id },
      { userId: fx.members[0].id, method: "PATCH", body: { acknowledged: true } },
    );
    expect(acked.status).toBe(200);
    expect(acked.json.acknowledgedAt).not.toBeNull();
    const after = await callRoute(alertsRoute.GET, projectParams(), { userId: fx.owner.id });
    expect(after.json.unacknowledged).toBe(before - 1);
  });
});

describe("freshness", () => {
  const params = () => ({ ...projectParams(), name: "events", version: "1" });
  it("is judged against the group's SLA and alerts once per breach", async () => {
    await api.createGroup("events", { primaryKey: ["id"], features: featureList({ id: "bigint", v: "double" }) });
    const none = await callRoute(freshnessRoute.GET, params(), { userId: fx.owner.id });
    expect(none.json).toMatchObject({ slaSeconds: null, lastCommitAt: null, status: "none" });
    expect((await api.insert("events", [{ id: 1, v: 1 }])).status).toBe("SUCCEEDED");

    const bad = await callRoute(freshnessRoute.PUT, params(), {
      userId: fx.owner.id,
      method: "PUT",
      body: { slaSeconds: "1h" },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].path).toBe("slaSeconds");
    const set = await callRoute(freshnessRoute.PUT, params(), {
      userId: fx.owner.id,
      method: "PUT",
      body: { slaSeconds: 3600 },
    });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
    expect(set.json.status).toBe("ok");
    expect(set.json.lastCommitAgeSeconds).toBeLessThan(300);
    // The project's freshness check is scheduled with its first SLA.
    expect(await db.jobSchedule.count({ where: { projectId: fx.project.id, type: "freshness-check" } })).toBe(1);

    const freshAlerts = () => db.alert.count({ where: { projectId: fx.project.id, kind: "monitoring.freshness" } });
    expect((await checkFreshness({ projectId: fx.project.id })).alerted).toBe(0);
    // The last commit two hours old is past the SLA: one alert, not one per check; the catalog's list says late.
    const group = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: "events" } });
    await db.featureGroup.update({ where: { id: group.id }, data: { lastCommitAt: new Date(Date.now() - 7200_000) } });
    expect((await checkFreshness({ projectId: fx.project.id })).alerted).toBe(1);
    expect((await checkFreshness({ projectId: fx.project.id })).alerted).toBe(0);
    expect(await freshAlerts()).toBe(1);
    const alert = await db.alert.findFirstOrThrow({
      where: { projectId: fx.project.id, kind: "monitoring.freshness" },
    });
    expect(alert).toMatchObject({ severity: "critical", subject: "featureGroup:events:1" });
    const listed = await callRoute(freshnessListRoute.GET, projectParams(), { userId: fx.owner.id });
    expect(listed.json.groups.find((row: { name: string }) => row.name === "events")).toMatchObject({
      status: "late",
      slaSeconds: 3600,
    });
    // A new commit ends the breach; the next breach alerts again.
    expect((await api.insert("events", [{ id: 2, v: 2 }])).status).toBe("SUCCEEDED");
    expect((await checkFreshness({ projectId: fx.project.id, now: new Date(Date.now() + 3 * 3600_000) })).alerted).toBe(
      1,
    );
    expect(await freshAlerts()).toBe(2);
  });
});
