import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as apiKeysRoute from "@/app/api/v1/projects/[project]/api-keys/route";
import * as apiKeyRoute from "@/app/api/v1/projects/[project]/api-keys/[keyId]/route";
import * as projectRoute from "@/app/api/v1/projects/[project]/route";
import * as memberRoute from "@/app/api/v1/projects/[project]/members/[userId]/route";
import { callRoute } from "@/test/helpers";
import { db } from "@/server/db/client";
import { SCOPES } from "@/lib/scopes";
import { createOwnedProject } from "@/test/fixtures/test-project";

describe("API keys", () => {
  it("carry only a subset of their creator's scopes", async () => {
    const { member: viewer, project, as } = await createOwnedProject("VIEWER");
    const response = await as(viewer).post(apiKeysRoute, {
      body: { name: "too much", scopes: ["featureData:read", "members:write"] },
    });
    expect(response.status).toBe(422);
    expect(response.json.errors[0]).toEqual({ path: "scopes", message: "not held by you: members:write" });
    expect(await db.apiKey.count({ where: { projectId: project.id } })).toBe(0);
  });

  it.each([
    ["an expiry in the past", { expiresAt: "2020-01-01T00:00:00Z" }, "expiresAt", "must be in the future"],
    ["a scope named twice", { scopes: ["project:read", "project:read"] }, "scopes", "must not name a scope twice"],
    [
      "10,000 scopes",
      { scopes: Array(10_000).fill("project:read") },
      "scopes",
      `at most ${SCOPES.length} scopes, each once`,
    ],
  ])("refuse %s with 422 naming the field, and write nothing", async (_, change, path, message) => {
    const { owner, project, as } = await createOwnedProject();
    const response = await as(owner).post(apiKeysRoute, { body: { name: "bad", scopes: ["project:read"], ...change } });
    expect(response.status, JSON.stringify(response.json)).toBe(422);
    expect(response.json.errors).toContainEqual({ path, message });
    expect(await db.apiKey.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("store only a hash; the secret is shown once and never listed", async () => {
    const { owner, project, as } = await createOwnedProject();
    const created = await as(owner).post(apiKeysRoute, { body: { name: "notebook", scopes: ["project:read"] } });
    const secret = created.json.secret as string;
    expect(secret).toMatch(/^lk_[0-9a-f]{12}_/);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.json.apiKey.id } });
    const secretPart = secret.split("_").slice(2).join("_");
    expect(row.secretHash).toBe(createHash("sha256").update(secretPart).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(secretPart);
    const listed = await as(owner).get(apiKeysRoute);
    expect(JSON.stringify(listed.json)).not.toContain(secretPart);
    const audit = await db.auditEvent.findMany({ where: { projectId: project.id } });
    expect(JSON.stringify(audit, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(secretPart);
  });

  it("record last use, and stop working the moment they are revoked", async () => {
    const { owner, project, as } = await createOwnedProject();
    const created = await as(owner).post(apiKeysRoute, { body: { name: "svc", scopes: ["project:read"] } });
    const key = created.json.secret as string;
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: created.json.apiKey.id } })).lastUsedAt).toBeNull();
    expect((await callRoute(projectRoute.GET, { project: project.name }, { apiKey: key })).status).toBe(200);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: created.json.apiKey.id } })).lastUsedAt).not.toBeNull();
    const revoked = await as(owner).delete(apiKeyRoute, { params: { keyId: created.json.apiKey.id } });
    expect(revoked.status).toBe(200);
    expect(revoked.json.revokedAt).not.toBeNull();
    const refused = await callRoute(projectRoute.GET, { project: project.name }, { apiKey: key });
    expect(refused.status).toBe(401);
    expect(refused.contentType).toBe("application/problem+json");
    expect(refused.json.detail).toMatch(/revoked/);
    // A tampered secret with a valid prefix is refused too.
    expect(
      (await callRoute(projectRoute.GET, { project: project.name }, { apiKey: key.slice(0, -2) + "xx" })).status,
    ).toBe(401);
  });

  it("lose scopes when their owner is demoted", async () => {
    const { owner, member: editor, project, as } = await createOwnedProject("OWNER");
    const created = await as(editor).post(apiKeysRoute, {
      body: { name: "k", scopes: ["project:read", "members:read", "audit:read"] },
    });
    const key = created.json.secret as string;
    const auditRoute = await import("@/app/api/v1/projects/[project]/audit/route");
    expect((await callRoute(auditRoute.GET, { project: project.name }, { apiKey: key })).status).toBe(200);
    await as(owner).patch(memberRoute, { params: { userId: editor.id }, body: { role: "EDITOR" } });
    expect((await callRoute(auditRoute.GET, { project: project.name }, { apiKey: key })).status).toBe(403);
  });
});
