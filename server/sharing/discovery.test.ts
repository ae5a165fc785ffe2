import { beforeAll, describe, expect, it } from "vitest";
import * as discoverableRoute from "@/app/api/v1/projects/[project]/discoverable/route";
import * as projectRequestsRoute from "@/app/api/v1/projects/[project]/access-requests/route";
import * as approveRoute from "@/app/api/v1/projects/[project]/access-requests/[requestId]/approve/route";
import * as declineRoute from "@/app/api/v1/projects/[project]/access-requests/[requestId]/decline/route";
import * as groupRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route";
import * as requestsRoute from "@/app/api/v1/access-requests/route";
import * as withdrawRoute from "@/app/api/v1/access-requests/[requestId]/withdraw/route";
import * as notificationsRoute from "@/app/api/v1/notifications/route";
import * as readRoute from "@/app/api/v1/notifications/read/route";
import * as searchRoute from "@/app/api/v1/search/route";
import { db } from "@/server/db/client";
import { createFeatureView } from "@/server/feature-views";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { callRoute, createTestUser, uniqueName } from "@/test/helpers";
import { CARDS_GROUP } from "@/test/fixtures/api-project";
import { createOwnedProject } from "@/test/fixtures/test-project";

// Discovery and access requests through the routes (docs/sharing.md): what a discoverable project shows in search
// (metadata only), the request's bad input, duplicates (also concurrent), approval (membership, then the catalog is
// readable), decline, withdrawal, the audit events naming the requester, the Owner's alert, the requester's
// notifications. That every other read of a discoverable project stays 404 is server/http/isolation-discovery.test.ts.

type TFixture = Awaited<ReturnType<typeof createOwnedProject>>;
let home: TFixture;
let hidden: TFixture;
const word = uniqueName("zephyr");

beforeAll(async () => {
  home = await createOwnedProject("EDITOR");
  hidden = await createOwnedProject();
  for (const fx of [home, hidden])
    await createFeatureGroup({
      ctx: fx.ctx,
      access: fx.access,
      input: {
        ...CARDS_GROUP,
        name: `${word}_cards`,
        description: "Card spend per day",
        onlineEnabled: false,
      } as never,
    });
  await createFeatureView({
    ctx: home.ctx,
    access: home.access,
    input: { name: `${word}_view`, root: { featureGroup: { name: `${word}_cards`, version: 1 } } },
  });
  const made = await home.as(home.owner).put(discoverableRoute, { body: { discoverable: true } });
  expect(made.status, JSON.stringify(made.json)).toBe(200);
});

const user = async () => createTestUser();
const ask = (requester: { id: string }, body: Record<string, unknown>) =>
  callRoute(requestsRoute.POST, {}, { userId: requester.id, method: "POST", body });
const askHome = (requester: { id: string }, role = "VIEWER") =>
  ask(requester, { project: home.project.name, role, reason: "I build the fraud model" });
const search = (requester: { id: string }, query: Record<string, string>) =>
  callRoute(searchRoute.GET, {}, { userId: requester.id, query });
const notifications = (requester: { id: string }) => callRoute(notificationsRoute.GET, {}, { userId: requester.id });
const requestCount = () =>
  db.accessRequest.count({ where: { projectId: { in: [home.project.id, hidden.project.id] } } });

describe("discovery in search", () => {
  it("shows a non-member the discoverable project's groups and views, metadata only, and nothing of others", async () => {
    const stranger = await user();
    const found = await search(stranger, { q: word, discover: "true" });
    expect(found.status, JSON.stringify(found.json)).toBe(200);
    expect(found.json.groups).toEqual([]);
    const results = found.json.discoverable as Record<string, unknown>[];
    expect(results.map(({ kind, project, name }) => [kind, project, name]).sort()).toEqual([
      ["featureGroup", home.project.name, `${word}_cards`],
      ["featureView", home.project.name, `${word}_view`],
    ]);
    for (const result of results)
      expect(Object.keys(result).sort()).toEqual([
        "description",
        "discoverable",
        "keywords",
        "kind",
        "member",
        "name",
        "owner",
        "project",
        "tags",
        "version",
      ]);
    expect(results[0]).toMatchObject({ discoverable: true, member: false });
    expect(results.find(({ kind }) => kind === "featureGroup")?.owner).toBe(home.owner.email);
    // Not a feature of the group (types and statistics are the data's shape), not the hidden project's group.
    expect((await search(stranger, { q: "card_type", discover: "true" })).json.discoverable).toEqual([]);
    // Without discover=true nothing of it; once the Owner turns discovery off, nothing either.
    expect((await search(stranger, { q: word })).json).toMatchObject({ total: 0, groups: [] });
    await hidden.as(hidden.owner).put(discoverableRoute, { body: { discoverable: false } });
    expect(
      (await search(stranger, { q: `project:${hidden.project.name}`, discover: "true" })).json.discoverable,
    ).toEqual([]);
  });

  it("finds a member's own project among their results, not as discoverable", async () => {
    const found = await search(home.member, { q: word, discover: "true" });
    expect(found.json.discoverable).toEqual([]);
    expect(found.json.total).toBeGreaterThan(0);
  });

  it("audits turning discovery on", async () => {
    const events = await db.auditEvent.findMany({
      where: { projectId: home.project.id, action: "project.discoverable" },
    });
    expect(events.map(({ details }) => details)).toContainEqual({ discoverable: true });
  });
});

describe("access requests", () => {
  it.each([
    ["a project that is not discoverable", () => ({ project: hidden.project.name }), "project", 422],
    ["a project that does not exist", () => ({ project: uniqueName("nowhere") }), "project", 422],
    ["the Owner role", () => ({ role: "OWNER" }), "role", 422],
    ["no reason", () => ({ reason: "  " }), "reason", 422],
    ["a reason of 1,001 characters", () => ({ reason: "x".repeat(1001) }), "reason", 422],
  ])("refuses a request for %s, naming the field, and writes nothing", async (_, change, field, status) => {
    const before = await requestCount();
    const response = await ask(await user(), {
      project: home.project.name,
      role: "VIEWER",
      reason: "I build the fraud model",
      ...change(),
    });
    expect(response.status, JSON.stringify(response.json)).toBe(status);
    expect(response.contentType).toBe("application/problem+json");
    expect(response.json.errors.map(({ path }: { path: string }) => path)).toEqual([field]);
    expect(await requestCount()).toBe(before);
    expect(await db.alert.count({ where: { projectId: home.project.id, kind: "access.request" } })).toBe(
      await db.accessRequest.count({ where: { projectId: home.project.id } }),
    );
  });

  it("refuses a member's request, and a second pending one, even two sent at once", async () => {
    expect((await askHome(home.member)).status).toBe(409);
    const requester = await user();
    const twins = await Promise.all([askHome(requester), askHome(requester)]);
    expect(twins.map(({ status }) => status).sort()).toEqual([201, 409]);
    expect((await askHome(requester)).status).toBe(409);
    expect(await db.accessRequest.count({ where: { requesterId: requester.id } })).toBe(1);
  });

  it("on approval makes the requester a member with the granted role, notifies and audits it", async () => {
    const requester = await user();
    const readGroup = () =>
      callRoute(
        groupRoute.GET,
        { project: home.project.name, name: `${word}_cards`, version: "1" },
        {
          userId: requester.id,
        },
      );
    expect((await readGroup()).status).toBe(404);
    const created = await askHome(requester);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({ status: "PENDING", role: "VIEWER", requester: { email: requester.email } });
    // The Owner sees it, and an alert in the project's notification area; the requester sees it among their own.
    const listed = await home.as(home.owner).get(projectRequestsRoute);
    expect(listed.json.requests[0]).toMatchObject({ id: created.json.id, status: "PENDING" });
    const alert = await db.alert.findFirst({
      where: { projectId: home.project.id, subject: `accessRequest:${created.json.id}` },
    });
    expect(alert?.message).toContain(requester.email);
    const own = await callRoute(requestsRoute.GET, {}, { userId: requester.id });
    expect(own.json.requests.map(({ id }: { id: string }) => id)).toEqual([created.json.id]);
    // An Editor may not decide.
    expect(
      (await home.as(home.member).post(approveRoute, { params: { requestId: created.json.id }, body: {} })).status,
    ).toBe(403);

    const approved = await home
      .as(home.owner)
      .post(approveRoute, { params: { requestId: created.json.id }, body: { role: "EDITOR" } });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect(approved.json).toMatchObject({
      status: "APPROVED",
      grantedRole: "EDITOR",
      decided: { by: home.owner.email },
    });
    expect(
      await db.membership.findUnique({
        where: { projectId_userId: { projectId: home.project.id, userId: requester.id } },
      }),
    ).toMatchObject({ role: "EDITOR" });
    expect((await readGroup()).status).toBe(200);
    const second = await home.as(home.owner).post(declineRoute, { params: { requestId: created.json.id } });
    expect(second.status).toBe(409);

    const inbox = await notifications(requester);
    expect(inbox.json.unread).toBe(1);
    expect(inbox.json.notifications[0]).toMatchObject({
      kind: "accessRequest.approved",
      link: `/projects/${home.project.name}`,
      read: false,
    });
    expect(inbox.json.notifications[0].message).toContain(home.project.name);
    const read = await callRoute(readRoute.POST, {}, { userId: requester.id, method: "POST", body: { all: true } });
    expect(read.json.unread).toBe(0);

    const events = await db.auditEvent.findMany({
      where: { projectId: home.project.id, resourceName: requester.email },
      orderBy: { id: "asc" },
    });
    expect(events.map(({ action }) => action)).toEqual(["accessRequest.create", "accessRequest.approve", "member.add"]);
    expect(events[1].details).toMatchObject({ requester: requester.email, roleAsked: "VIEWER", roleGranted: "EDITOR" });
  });

  it("on decline makes no member, notifies and audits it", async () => {
    const requester = await user();
    const created = await askHome(requester, "AUDITOR");
    const declined = await home.as(home.owner).post(declineRoute, { params: { requestId: created.json.id } });
    expect(declined.status, JSON.stringify(declined.json)).toBe(200);
    expect(declined.json.status).toBe("DECLINED");
    expect(await db.membership.count({ where: { projectId: home.project.id, userId: requester.id } })).toBe(0);
    const inbox = await notifications(requester);
    expect(inbox.json).toMatchObject({ unread: 1, notifications: [{ kind: "accessRequest.declined", link: null }] });
    const actions = await db.auditEvent.findMany({
      where: { projectId: home.project.id, resourceId: created.json.id },
      orderBy: { id: "asc" },
    });
    expect(actions.map(({ action }) => action)).toEqual(["accessRequest.create", "accessRequest.decline"]);
  });

  it("lets only the requester withdraw, and then ask again", async () => {
    const requester = await user();
    const created = await askHome(requester);
    const params = { requestId: created.json.id };
    const byOther = await callRoute(withdrawRoute.POST, params, { userId: home.owner.id, method: "POST" });
    expect(byOther.status).toBe(404);
    const withdrawn = await callRoute(withdrawRoute.POST, params, { userId: requester.id, method: "POST" });
    expect(withdrawn.json.status).toBe("WITHDRAWN");
    expect((await home.as(home.owner).post(approveRoute, { params, body: {} })).status).toBe(409);
    expect((await askHome(requester)).status).toBe(201);
    // A request of another project is 404 under this one's path.
    expect((await hidden.as(hidden.owner).post(approveRoute, { params, body: {} })).status).toBe(404);
  });
});
