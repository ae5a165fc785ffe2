import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { defineOperation, projectParams } from "@/lib/api/operation";
import { OPERATIONS } from "@/lib/api/operations";
import * as projectRoute from "@/app/api/v1/projects/[project]/route";
import * as featureGroupRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route";
import * as jobRoute from "@/app/api/v1/projects/[project]/jobs/[jobId]/route";
import * as splitRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/splits/[split]/route";
import * as setupRoute from "@/app/api/v1/setup/route";
import * as membersRoute from "@/app/api/v1/projects/[project]/members/route";
import * as apiKeysRoute from "@/app/api/v1/projects/[project]/api-keys/route";
import * as auditRoute from "@/app/api/v1/projects/[project]/audit/route";
import * as projectsRoute from "@/app/api/v1/projects/route";
import { callRoute, createTestProject, createTestUser } from "@/test/helpers";
import { db } from "@/server/db/client";
import { route } from "./route";
import { createOwnedProject } from "@/test/fixtures/test-project";

// What the operations made up for these tests (not in the registry) share.
const TEST_OPERATION = { summary: "test", tag: "Test", scope: "project:read" } as const;
const ECHO_VERSION = defineOperation({
  ...TEST_OPERATION,
  id: "echoVersion",
  method: "get",
  path: "/api/v1/projects/{project}/echo/{version}",
  params: projectParams.extend({ version: OPERATIONS.getFeatureGroup.params.shape.version }),
  response: z.object({ version: z.number() }),
  successStatus: 200,
});
const BROKEN_CONTRACT = defineOperation({
  ...TEST_OPERATION,
  id: "brokenContract",
  method: "post",
  path: "/api/v1/projects/{project}/broken",
  params: projectParams,
  response: z.object({ count: z.number() }),
  successStatus: 201,
});

describe("the /api/v1 wrapper", () => {
  it("answers 401 problem+json without credentials", async () => {
    const response = await callRoute(projectsRoute.GET, {});
    expect(response.status).toBe(401);
    expect(response.contentType).toBe("application/problem+json");
    expect(response.json.title).toBe("Unauthorized");
  });

  it("answers 404 (not 403) to a non-member, for existing and missing projects alike", async () => {
    const { project, as } = await createOwnedProject();
    const outsider = await createTestUser();
    const existing = await as(outsider).get(projectRoute);
    const missing = await callRoute(projectRoute.GET, { project: "no_such_project" }, { userId: outsider.id });
    expect(existing.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(existing.json.detail).toBe(`Project '${project.name}' not found`);
    const members = await as(outsider).get(membersRoute);
    expect(members.status).toBe(404);
  });

  it("answers 403 to a member without the scope, and writes nothing", async () => {
    const { member: viewer, project, as } = await createOwnedProject("VIEWER");
    const target = await createTestUser();
    const response = await as(viewer).post(membersRoute, { body: { email: target.email, role: "EDITOR" } });
    expect(response.status).toBe(403);
    expect(response.json.detail).toContain("members:write");
    expect(await db.membership.count({ where: { projectId: project.id } })).toBe(2);
    const audit = await as(viewer).get(auditRoute);
    expect(audit.status).toBe(403);
  });

  it("answers 422 listing every invalid field of a bad body", async () => {
    const { owner, as } = await createOwnedProject();
    const response = await as(owner).post(membersRoute, { body: { email: "not-an-email", role: "KING", extra: 1 } });
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
    const { owner, project, as } = await createOwnedProject();
    const other = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
    const created = await as(owner).post(apiKeysRoute, {
      body: { name: "ci", scopes: ["project:read", "members:read"] },
    });
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

  it("attaches its operation to the handler it returns, invisibly to Next's export scan", () => {
    expect(featureGroupRoute.GET.operation).toBe(OPERATIONS.getFeatureGroup);
    expect(featureGroupRoute.DELETE.operation).toBe(OPERATIONS.deleteFeatureGroup);
    expect(Object.keys(featureGroupRoute.GET)).toEqual([]);
  });

  it("answers 404 for malformed path parameters before any database call, after authentication", async () => {
    const { owner, project, as } = await createOwnedProject();
    const fg = (version: string, name = "cards") => ({ project: project.name, name, version });
    const badVersions = ["0", "-1", "1.5", "01", "1e3", "9".repeat(30), "2147483648", "1\u0000", ""];
    const spy = vi.spyOn(db.project, "findUnique");
    try {
      for (const version of badVersions) {
        const response = await callRoute(featureGroupRoute.GET, fg(version), { userId: owner.id });
        expect(response.status, JSON.stringify(version)).toBe(404);
        expect(response.contentType).toBe("application/problem+json");
        expect(response.json.detail).toMatch(/^Version '.*' not found$/);
        expect(response.json.detail).not.toContain("\u0000");
      }
      for (const name of ["UPPER", "../etc", "a\u0000b", "a".repeat(64)]) {
        const response = await callRoute(featureGroupRoute.GET, fg("1", name), { userId: owner.id });
        expect(response.status, name).toBe(404);
        expect(response.json.detail).toMatch(/^Feature group '.*' not found$/);
      }
      const malformedProject = await callRoute(projectRoute.GET, { project: "Robert'); --" }, { userId: owner.id });
      expect(malformedProject.status).toBe(404);
      expect(malformedProject.json.detail).toBe("Project 'Robert'); --' not found");
      for (const jobId of ["x", "job_", "sch_abc", "job_ABC", "job_abc\u0000"]) {
        const response = await as(owner).get(jobRoute, { params: { jobId } });
        expect(response.status, jobId).toBe(404);
      }
      const split = await as(owner).get(splitRoute, { params: { name: "td", version: "1", split: "secrets" } });
      expect(split.status).toBe(404);
      expect(split.json.detail).toBe("Split 'secrets' not found");
      // None of these reached the project lookup: the path was refused first.
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    // Well-formed but absent is still a 404 from the service, and no credentials is a 401 whatever the path.
    expect((await callRoute(featureGroupRoute.GET, fg("2147483647"), { userId: owner.id })).status).toBe(404);
    expect((await callRoute(featureGroupRoute.GET, fg("0"))).status).toBe(401);
  });

  it("passes typed path parameters to the handler", async () => {
    const { owner, project } = await createOwnedProject();
    const handler = route(ECHO_VERSION, async ({ params }) => ({ version: params.version }));
    const response = await callRoute(handler, { project: project.name, version: "42" }, { userId: owner.id });
    expect(response.json).toEqual({ version: 42 });
  });

  it("in tests, answers a loud 500 when a response breaks its operation's declaration", async () => {
    const { owner, project } = await createOwnedProject();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const call = (handler: ReturnType<typeof route>) =>
        callRoute(handler, { project: project.name }, { userId: owner.id, method: "POST" });
      const wrongShape = await call(
        route(BROKEN_CONTRACT, async () => ({ count: "three" }) as unknown as { count: number }),
      );
      expect(wrongShape.status).toBe(500);
      expect(wrongShape.json.errors).toEqual([expect.objectContaining({ path: "body.count" })]);
      const wrongStatus = await call(route(BROKEN_CONTRACT, async () => Response.json({ count: 3 })));
      expect(wrongStatus.status).toBe(500);
      expect(wrongStatus.json.errors[0].message).toBe("declared 201, answered 200");
      const undeclaredFile = await call(
        route(
          BROKEN_CONTRACT,
          async () => new Response("a,b\n", { status: 201, headers: { "content-type": "text/csv" } }),
        ),
      );
      expect(undeclaredFile.status).toBe(500);
      expect(errors).toHaveBeenCalledTimes(3);
      const kept = await call(route(BROKEN_CONTRACT, async () => ({ count: 3 })));
      expect(kept).toMatchObject({ status: 201, json: { count: 3 } });
    } finally {
      errors.mockRestore();
    }
  });

  it("maps errors of public routes to problem+json too", async () => {
    const invalid = await callRoute(setupRoute.POST, {}, { method: "POST", body: { email: "nope" } });
    expect(invalid.status).toBe(422);
    expect(invalid.contentType).toBe("application/problem+json");
    await createTestUser();
    const done = await callRoute(
      setupRoute.POST,
      {},
      { method: "POST", body: { email: "late@example.test", name: "Late", password: "password123" } },
    );
    expect(done.status).toBe(409);
    expect(done.contentType).toBe("application/problem+json");
    expect(() => route({ ...OPERATIONS.setup }, async () => undefined as never)).toThrow(/publicRoute/);
  });
});
