import { describe, expect, it } from "vitest";
import * as membersRoute from "@/app/api/v1/projects/[project]/members/route";
import * as memberRoute from "@/app/api/v1/projects/[project]/members/[userId]/route";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as projectRoute from "@/app/api/v1/projects/[project]/route";
import { db } from "@/server/db/client";
import { callRoute, createTestProject, createTestUser, uniqueName } from "@/test/helpers";
import { createOwnedProject } from "@/test/fixtures/test-project";

describe("projects and members", () => {
  it("the creator becomes Owner; users list only their projects", async () => {
    const alice = await createTestUser();
    const bob = await createTestUser();
    const name = uniqueName("fraud");
    const created = await callRoute(
      projectsRoute.POST,
      {},
      { userId: alice.id, method: "POST", body: { name, description: "Card fraud" } },
    );
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name, role: "OWNER", memberCount: 1 });
    const duplicate = await callRoute(projectsRoute.POST, {}, { userId: bob.id, method: "POST", body: { name } });
    expect(duplicate.status).toBe(409);
    const alicesList = await callRoute(projectsRoute.GET, {}, { userId: alice.id });
    const bobsList = await callRoute(projectsRoute.GET, {}, { userId: bob.id });
    expect(alicesList.json.projects.map((p: { name: string }) => p.name)).toContain(name);
    expect(bobsList.json.projects.map((p: { name: string }) => p.name)).not.toContain(name);
  });

  it("the last Owner can be neither demoted nor removed", async () => {
    const { owner, member: editor, project, as } = await createOwnedProject("EDITOR");
    const demote = await as(owner).patch(memberRoute, { params: { userId: owner.id }, body: { role: "VIEWER" } });
    expect(demote.status).toBe(409);
    const remove = await as(owner).delete(memberRoute, { params: { userId: owner.id } });
    expect(remove.status).toBe(409);
    // With a second owner, the first may step down.
    await as(owner).patch(memberRoute, { params: { userId: editor.id }, body: { role: "OWNER" } });
    const stepDown = await as(owner).patch(memberRoute, { params: { userId: owner.id }, body: { role: "VIEWER" } });
    expect(stepDown.status).toBe(200);
    expect(await db.membership.count({ where: { projectId: project.id, role: "OWNER" } })).toBe(1);
  });

  it("two owners demoting each other at once leave one owner", async () => {
    const { owner: a, member: b, project, as } = await createOwnedProject("OWNER");
    const results = await Promise.all([
      as(a).patch(memberRoute, { params: { userId: b.id }, body: { role: "EDITOR" } }),
      as(b).patch(memberRoute, { params: { userId: a.id }, body: { role: "EDITOR" } }),
    ]);
    // One demotion wins. The other is refused: 409 (last owner) when it was authorized before the winner
    // committed, 403 when its caller was already an Editor by then; never a 5xx.
    const statuses = results.map((r) => r.status);
    expect([
      [200, 409],
      [409, 200],
      [200, 403],
      [403, 200],
    ]).toContainEqual(statuses);
    const loser = results.find((r) => r.status !== 200)!;
    expect(loser.contentType).toBe("application/problem+json");
    // The winner's caller is the one owner left.
    const winner = statuses[0] === 200 ? a : b;
    const owners = await db.membership.findMany({ where: { projectId: project.id, role: "OWNER" } });
    expect(owners.map((o) => o.userId)).toEqual([winner.id]);
  });

  it("adding an unknown email names the field; adding twice is a conflict", async () => {
    const { owner, as } = await createOwnedProject();
    const viewer = await createTestUser();
    const addMember = (body: { email: string; role: string }) => as(owner).post(membersRoute, { body });
    const unknown = await addMember({ email: "ghost@example.test", role: "VIEWER" });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors[0].path).toBe("email");
    expect((await addMember({ email: viewer.email, role: "VIEWER" })).status).toBe(201);
    expect((await addMember({ email: viewer.email, role: "EDITOR" })).status).toBe(409);
  });

  it("only an Owner deletes a project, and only with its name typed", async () => {
    const { owner, member: editor, project, as } = await createOwnedProject("EDITOR");
    expect((await as(editor).delete(projectRoute, { body: { confirm: project.name } })).status).toBe(403);
    const wrong = await as(owner).delete(projectRoute, { body: { confirm: "nope" } });
    expect(wrong.status).toBe(422);
    expect(wrong.json.errors[0].path).toBe("confirm");
    expect((await as(owner).delete(projectRoute, { body: { confirm: project.name } })).status).toBe(204);
    expect(await db.project.findUnique({ where: { id: project.id } })).toBeNull();
    expect(await db.auditEvent.count({ where: { projectId: project.id, action: "project.delete" } })).toBe(1);
  });
});
