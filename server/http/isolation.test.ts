import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_API_OPERATIONS } from "@/server/http/api-operations";
import { callRoute, createTestProject, createTestUser } from "@/test/helpers";
import { db } from "@/server/db/client";

// One project's members cannot see or touch another project's anything: every operation under
// /api/v1/projects/{project}, called by a member of another project (by session and by API key), is 404 —
// the same answer as for a project that does not exist — and writes nothing.

const routeFileFor = (apiPath: string): string =>
  path.join("app", apiPath.replace(/^\//, "").replace(/\{(\w+)\}/g, "[$1]"), "route.ts");

const projectOperations = ALL_API_OPERATIONS.filter((operation) =>
  operation.path.startsWith("/api/v1/projects/{project}"),
);

describe("cross-project isolation", () => {
  it("covers every project operation with a route file", () => {
    expect(projectOperations.length).toBeGreaterThan(20);
    for (const operation of projectOperations)
      expect(existsSync(routeFileFor(operation.path)), operation.path).toBe(true);
  });

  it("answers 404 to members of another project for every operation, and writes nothing", async () => {
    const victimOwner = await createTestUser();
    const intruder = await createTestUser();
    const victim = await createTestProject({ members: [{ userId: victimOwner.id, role: "OWNER" }] });
    const own = await createTestProject({ members: [{ userId: intruder.id, role: "OWNER" }] });
    const apiKeys = await import("@/app/api/v1/projects/[project]/api-keys/route");
    const key = (
      await callRoute(
        apiKeys.POST,
        { project: own.name },
        {
          userId: intruder.id,
          method: "POST",
          body: {
            name: "intruder",
            scopes: [
              "project:read",
              "featureGroups:read",
              "featureData:read",
              "featureGroups:write",
              "featureData:write",
              "jobs:read",
              "jobs:write",
              "audit:read",
              "members:read",
              "members:write",
            ],
          },
        },
      )
    ).json.secret;
    const auditBefore = await db.auditEvent.count({ where: { projectId: victim.id } });
    for (const operation of projectOperations) {
      const module = (await import(/* @vite-ignore */ path.resolve(routeFileFor(operation.path)))) as Record<
        string,
        (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>
      >;
      const handler = module[operation.method.toUpperCase()];
      expect(handler, `${operation.method} ${operation.path}`).toBeTypeOf("function");
      const params = {
        project: victim.name,
        name: "anything",
        version: "1",
        userId: victimOwner.id,
        keyId: "key_x",
        jobId: "job_x",
        scheduleId: "sch_x",
      };
      for (const auth of [{ userId: intruder.id }, { apiKey: key as string }]) {
        const response = await callRoute(handler, params, {
          ...auth,
          method: operation.method.toUpperCase(),
          body: operation.method === "get" ? undefined : {},
        });
        expect(
          response.status,
          `${operation.method.toUpperCase()} ${operation.path} as ${"apiKey" in auth ? "API key" : "session"}`,
        ).toBe(404);
        expect(response.contentType).toBe("application/problem+json");
      }
    }
    expect(await db.auditEvent.count({ where: { projectId: victim.id } })).toBe(auditBefore);
    expect(await db.membership.count({ where: { projectId: victim.id } })).toBe(1);
  });
});
