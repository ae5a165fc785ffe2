import pg from "pg";
import { describe, expect, it } from "vitest";
import * as membersRoute from "@/app/api/v1/projects/[project]/members/route";
import * as memberRoute from "@/app/api/v1/projects/[project]/members/[userId]/route";
import * as auditRoute from "@/app/api/v1/projects/[project]/audit/route";
import { db } from "@/server/db/client";
import { callRoute, createTestProject, createTestUser } from "@/test/helpers";
import { createOwnedProject } from "@/test/fixtures/test-project";

describe("the audit log", () => {
  it("records every mutation with who, what, which resource and the client address", async () => {
    const { owner, project } = await createOwnedProject();
    const newcomer = await createTestUser();
    await callRoute(
      membersRoute.POST,
      { project: project.name },
      {
        userId: owner.id,
        method: "POST",
        body: { email: newcomer.email, role: "VIEWER" },
        headers: { "x-larder-peer-address": "203.0.113.7" },
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
      resourceName: newcomer.email,
      clientIp: "203.0.113.7",
    });
    expect(update).toMatchObject({ action: "member.updateRole", details: { from: "VIEWER", to: "AUDITOR" } });
    // Every event about a resource names it (the console shows the name, the id on hover).
    expect(await db.auditEvent.count({ where: { resourceId: { not: null }, resourceName: null } })).toBe(0);
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
    const listEvents = (query?: Record<string, string>) =>
      callRoute(auditRoute.GET, { project: project.name }, { userId: auditor.id, query });
    const all = await listEvents();
    expect(all.json.events.map((event: { action: string }) => event.action)).toEqual([
      "member.updateRole",
      "member.add",
      "member.add",
    ]);
    const byAction = await listEvents({ action: "member.add" });
    expect(byAction.json.events.map((event: { resourceId: string }) => event.resourceId)).toEqual([
      editor.id,
      auditor.id,
    ]);
    const byOtherAction = await listEvents({ action: "member.updateRole" });
    expect(byOtherAction.json.events).toMatchObject([{ action: "member.updateRole", resourceId: editor.id }]);
    const byActor = await listEvents({ actor: "nobody-like-this" });
    expect(byActor.json.events).toHaveLength(0);
    const future = await listEvents({ from: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.json.events).toHaveLength(0);
    const badTime = await listEvents({ from: "yesterday" });
    expect(badTime.status).toBe(422);
    expect(badTime.json.errors[0].path).toBe("query.from");
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself, even to the table's owner", async () => {
    // The application's role is refused before the triggers run (server/db/app-role.test.ts); the triggers hold
    // for the owner who runs migrations too.
    const { owner, project } = await createOwnedProject();
    await db.auditEvent.create({
      data: {
        projectId: project.id,
        actorType: "user",
        actorLabel: owner.email,
        action: "test.event",
        resourceType: "test",
      },
    });
    const tableOwner = new pg.Client({ connectionString: process.env.LARDER_TEST_OWNER_DATABASE_URL });
    await tableOwner.connect();
    try {
      for (const statement of [
        `UPDATE "AuditEvent" SET "action" = 'forged' WHERE "projectId" = '${project.id}'`,
        `DELETE FROM "AuditEvent" WHERE "projectId" = '${project.id}'`,
        `TRUNCATE "AuditEvent"`,
      ])
        await expect(tableOwner.query(statement)).rejects.toThrow(/append-only/);
    } finally {
      await tableOwner.end();
    }
    expect(await db.auditEvent.count({ where: { projectId: project.id, action: "test.event" } })).toBe(1);
  });
});
