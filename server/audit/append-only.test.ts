import { describe, expect, it } from "vitest";
import * as membersRoute from "@/app/api/v1/projects/[project]/members/route";
import * as memberRoute from "@/app/api/v1/projects/[project]/members/[userId]/route";
import * as auditRoute from "@/app/api/v1/projects/[project]/audit/route";
import { db } from "@/server/db/client";
import { callRoute, createTestProject, createTestUser } from "@/test/helpers";

describe("the audit log", () => {
  it("records every mutation with who, what, which resource and the client address", async () => {
    const owner = await createTestUser();
    const newcomer = await createTestUser();
    const project = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
    await callRoute(
      membersRoute.POST,
      { project: project.name },
      {
        userId: owner.id,
        method: "POST",
        body: { email: newcomer.email, role: "VIEWER" },
        headers: { "x-forwarded-for": "203.0.113.7, 10.0.0.1" },
      },
    );
    await callRoute(
      memberRoute.PATCH,
      { project: project.name, userId: newcomer.id },
      { userId: owner.id, method: "PATCH", body: { role: "AUDITOR" } },
    );
    const page = await callRoute(auditRoute.GET, { project: project.name }, { userId: owner.id });
    expect(page.status).toBe(200);
    const [update, add] = page.json.events;
    expect(add).toMatchObject({
      action: "member.add",
      actor: owner.email,
      resourceType: "member",
      resourceId: newcomer.id,
      clientIp: "203.0.113.7",
    });
    expect(update).toMatchObject({ action: "member.updateRole", details: { from: "VIEWER", to: "AUDITOR" } });
  });

  it("filters by actor, action and time", async () => {
    const owner = await createTestUser();
    const auditor = await createTestUser();
    const editor = await createTestUser();
    const project = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
    // Several different actions, so a filter that is ignored returns events it should not.
    for (const member of [auditor, editor])
      await callRoute(
        membersRoute.POST,
        { project: project.name },
        { userId: owner.id, method: "POST", body: { email: member.email, role: "AUDITOR" } },
      );
    await callRoute(
      memberRoute.PATCH,
      { project: project.name, userId: editor.id },
      { userId: owner.id, method: "PATCH", body: { role: "EDITOR" } },
    );
    const all = await callRoute(auditRoute.GET, { project: project.name }, { userId: auditor.id });
    expect(all.json.events.map((event: { action: string }) => event.action)).toEqual([
      "member.updateRole",
      "member.add",
      "member.add",
    ]);
    const byAction = await callRoute(
      auditRoute.GET,
      { project: project.name },
      { userId: auditor.id, query: { action: "member.add" } },
    );
    expect(byAction.json.events.map((event: { resourceId: string }) => event.resourceId)).toEqual([
      editor.id,
      auditor.id,
    ]);
    const byOtherAction = await callRoute(
      auditRoute.GET,
      { project: project.name },
      { userId: auditor.id, query: { action: "member.updateRole" } },
    );
    expect(byOtherAction.json.events).toMatchObject([{ action: "member.updateRole", resourceId: editor.id }]);
    const byActor = await callRoute(
      auditRoute.GET,
      { project: project.name },
      { userId: auditor.id, query: { actor: "nobody-like-this" } },
    );
    expect(byActor.json.events).toHaveLength(0);
    const future = await callRoute(
      auditRoute.GET,
      { project: project.name },
      { userId: auditor.id, query: { from: new Date(Date.now() + 3_600_000).toISOString() } },
    );
    expect(future.json.events).toHaveLength(0);
    const badTime = await callRoute(
      auditRoute.GET,
      { project: project.name },
      { userId: auditor.id, query: { from: "yesterday" } },
    );
    expect(badTime.status).toBe(422);
    expect(badTime.json.errors[0].path).toBe("query.from");
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    const owner = await createTestUser();
    const project = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
    await db.auditEvent.create({
      data: {
        projectId: project.id,
        actorType: "user",
        actorLabel: owner.email,
        action: "test.event",
        resourceType: "test",
      },
    });
    await expect(
      db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'forged' WHERE "projectId" = '${project.id}'`),
    ).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "projectId" = '${project.id}'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.count({ where: { projectId: project.id, action: "test.event" } })).toBe(1);
  });
});
