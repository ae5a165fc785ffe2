import { describe, expect, it } from "vitest";
import * as projectRoute from "@/app/api/v1/projects/[project]/route";
import * as membersRoute from "@/app/api/v1/projects/[project]/members/route";
import * as apiKeysRoute from "@/app/api/v1/projects/[project]/api-keys/route";
import * as auditRoute from "@/app/api/v1/projects/[project]/audit/route";
import * as projectsRoute from "@/app/api/v1/projects/route";
import { callRoute, createTestProject, createTestUser } from "@/test/helpers";
import { db } from "@/server/db/client";

describe("the /api/v1 wrapper", () => {
  it("answers 401 problem+json without credentials", async () => {
    const response = await callRoute(projectsRoute.GET, {});
    expect(response.status).toBe(401);
    expect(response.contentType).toBe("application/problem+json");
    expect(response.json.title).toBe("Unauthorized");
  });

  it("answers 404 (not 403) to a non-member, for existing and missing projects alike", async () => {
    const owner = await createTestUser();
    const outsider = await createTestUser();
    const project = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
    const existing = await callRoute(projectRoute.GET, { project: project.name }, { userId: outsider.id });
    const missing = await callRoute(projectRoute.GET, { project: "no_such_project" }, { userId: outsider.id });
    expect(existing.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(existing.json.detail).toBe(`Project '${project.name}' not found`);
    const members = await callRoute(membersRoute.GET, { project: project.name }, { userId: outsider.id });
    expect(members.status).toBe(404);
  });

  it("answers 403 to a member without the scope, and writes nothing", async () => {
    const owner = await createTestUser();
    const viewer = await createTestUser();
    const target = await createTestUser();
    const project = await createTestProject({
      members: [
        { userId: owner.id, role: "OWNER" },
        { userId: viewer.id, role: "VIEWER" },
      ],
    });
    const response = await callRoute(
      membersRoute.POST,
      { project: project.name },
      { userId: viewer.id, method: "POST", body: { email: target.email, role: "EDITOR" } },
    );
    expect(response.status).toBe(403);
    expect(response.json.detail).toContain("members:write");
    expect(await db.membership.count({ where: { projectId: project.id } })).toBe(2);
    const audit = await callRoute(auditRoute.GET, { project: project.name }, { userId: viewer.id });
    expect(audit.status).toBe(403);
  });

  it("answers 422 listing every invalid field of a bad body", async () => {
    const owner = await createTestUser();
    const project = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
    const response = await callRoute(
      membersRoute.POST,
      { project: project.name },
      { userId: owner.id, method: "POST", body: { email: "not-an-email", role: "KING", extra: 1 } },
    );
    expect(response.status).toBe(422);
    const paths = response.json.errors.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["email", "role"]));
    expect(response.json.errors.some((issue: { message: string }) => issue.message.includes("extra"))).toBe(true);
  });

  it("answers 400 for malformed JSON and 413 for a body over the limit", async () => {
    const owner = await createTestUser();
    const malformed = await callRoute(
      projectsRoute.POST,
      {},
      { userId: owner.id, method: "POST", rawBody: "{not json" },
    );
    expect(malformed.status).toBe(400);
    expect(malformed.json.detail).toMatch(/Malformed JSON/);
    const huge = await callRoute(
      projectsRoute.POST,
      {},
      {
        userId: owner.id,
        method: "POST",
        rawBody: JSON.stringify({ name: "x", description: "a".repeat(11 * 1024 * 1024) }),
      },
    );
    expect(huge.status).toBe(413);
  });

  it("refuses cookie-authenticated mutations without the CSRF header or from another origin", async () => {
    const owner = await createTestUser();
    const before = await db.project.count();
    const noHeader = await callRoute(
      projectsRoute.POST,
      {},
      { userId: owner.id, method: "POST", csrf: false, body: { name: "csrf_attempt" } },
    );
    expect(noHeader.status).toBe(403);
    const otherOrigin = await callRoute(
      projectsRoute.POST,
      {},
      {
        userId: owner.id,
        method: "POST",
        body: { name: "csrf_attempt" },
        headers: { origin: "https://evil.example", host: "localhost:3000" },
      },
    );
    expect(otherOrigin.status).toBe(403);
    expect(await db.project.count()).toBe(before);
  });

  it("validates project names: hostile names are refused with the field named", async () => {
    const owner = await createTestUser();
    for (const name of ["../etc", 'Robert\'); DROP TABLE "Project";--', "UPPER", "a".repeat(64), ""]) {
      const response = await callRoute(projectsRoute.POST, {}, { userId: owner.id, method: "POST", body: { name } });
      expect(response.status).toBe(422);
      expect(response.json.errors[0].path).toBe("name");
    }
  });

  it("lets a key act only within its project and scopes", async () => {
    const owner = await createTestUser();
    const project = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
    const other = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
    const created = await callRoute(
      apiKeysRoute.POST,
      { project: project.name },
      { userId: owner.id, method: "POST", body: { name: "ci", scopes: ["project:read", "members:read"] } },
    );
    expect(created.status).toBe(201);
    const key = created.json.secret as string;
    expect((await callRoute(membersRoute.GET, { project: project.name }, { apiKey: key })).status).toBe(200);
    // The owner may add members, but this key was not given members:write.
    const write = await callRoute(
      membersRoute.POST,
      { project: project.name },
      { apiKey: key, method: "POST", body: { email: owner.email, role: "VIEWER" } },
    );
    expect(write.status).toBe(403);
    expect(write.contentType).toBe("application/problem+json");
    // A key of one project sees nothing of another, even one its owner belongs to.
    expect((await callRoute(projectRoute.GET, { project: other.name }, { apiKey: key })).status).toBe(404);
  });
});
