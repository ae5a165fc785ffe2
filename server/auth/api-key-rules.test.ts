import { describe, expect, it } from "vitest";
import * as apiKeysRoute from "@/app/api/v1/projects/[project]/api-keys/route";
import * as apiKeyRoute from "@/app/api/v1/projects/[project]/api-keys/[keyId]/route";
import { createApiKey } from "@/server/auth/api-keys";
import { db } from "@/server/db/client";
import type { TRole, TScope } from "@/lib/scopes";
import { accessFor, callRoute, createTestProject, createTestUser, userContext } from "@/test/helpers";

// Who may list, revoke and create which API keys (docs/security.md § API keys), decided by scope alone:
// everyone manages their own keys; other members' keys need apiKeys:read to be listed, apiKeys:write to be revoked.

const ROLES_IN_PROJECT: TRole[] = ["OWNER", "EDITOR", "VIEWER", "AUDITOR"];

/** A project with one member per role, each holding a key named after their role ("OWNER key", …). */
const seedProject = async () => {
  const users = Object.fromEntries(
    await Promise.all(ROLES_IN_PROJECT.map(async (role) => [role, await createTestUser()] as const)),
  ) as Record<TRole, Awaited<ReturnType<typeof createTestUser>>>;
  const project = await createTestProject({
    members: ROLES_IN_PROJECT.map((role) => ({ userId: users[role].id, role })),
  });
  const keyIds = {} as Record<TRole, string>;
  for (const role of ROLES_IN_PROJECT) {
    const { apiKey } = await createApiKey({
      ctx: userContext(users[role]),
      access: accessFor(project, role),
      name: `${role} key`,
      scopes: ["project:read"],
    });
    keyIds[role] = apiKey.id;
  }
  /** A further key for `role`'s member, returning its secret for calls made with it. */
  const keyFor = async ({ role, name, scopes }: { role: TRole; name: string; scopes: TScope[] }) => {
    const created = await createApiKey({
      ctx: userContext(users[role]),
      access: accessFor(project, role),
      name,
      scopes,
    });
    return { id: created.apiKey.id, secret: created.secret };
  };
  return { users, project, keyIds, keyFor };
};

type TSeeded = Awaited<ReturnType<typeof seedProject>>;
type TCaller = { userId: string } | { apiKey: string };

const listedNames = async ({ seeded, as }: { seeded: TSeeded; as: TCaller }) => {
  const response = await callRoute(apiKeysRoute.GET, { project: seeded.project.name }, as);
  expect(response.status).toBe(200);
  return (response.json.apiKeys as { name: string }[]).map((apiKey) => apiKey.name).sort();
};

const revoke = ({ seeded, keyId, as }: { seeded: TSeeded; keyId: string; as: TCaller }) =>
  callRoute(apiKeyRoute.DELETE, { project: seeded.project.name, keyId }, { ...as, method: "DELETE" });

const isRevoked = async (keyId: string) => (await db.apiKey.findUniqueOrThrow({ where: { id: keyId } })).revokedAt;

describe("API keys: who lists which", () => {
  it("an Owner's session lists every member's keys, with their creators", async () => {
    const seeded = await seedProject();
    const response = await callRoute(
      apiKeysRoute.GET,
      { project: seeded.project.name },
      { userId: seeded.users.OWNER.id },
    );
    expect(response.status).toBe(200);
    const owners = Object.fromEntries(
      (response.json.apiKeys as { name: string; ownerEmail: string }[]).map((key) => [key.name, key.ownerEmail]),
    );
    expect(owners).toEqual(
      Object.fromEntries(ROLES_IN_PROJECT.map((role) => [`${role} key`, seeded.users[role].email])),
    );
  });

  it.each(["EDITOR", "VIEWER", "AUDITOR"] as const)("%s session: lists only its own keys", async (role) => {
    const seeded = await seedProject();
    await seeded.keyFor({ role, name: `${role} second key`, scopes: ["project:read"] });
    expect(await listedNames({ seeded, as: { userId: seeded.users[role].id } })).toEqual(
      [`${role} key`, `${role} second key`].sort(),
    );
  });

  it("a key lists other members' keys only when it carries apiKeys:read", async () => {
    const seeded = await seedProject();
    const withRead = await seeded.keyFor({ role: "OWNER", name: "auditing", scopes: ["project:read", "apiKeys:read"] });
    const plain = await seeded.keyFor({ role: "OWNER", name: "plain", scopes: ["project:read"] });
    const everyKey = [...ROLES_IN_PROJECT.map((role) => `${role} key`), "auditing", "plain"].sort();
    expect(await listedNames({ seeded, as: { apiKey: withRead.secret } })).toEqual(everyKey);
    expect(await listedNames({ seeded, as: { apiKey: plain.secret } })).toEqual(["OWNER key", "auditing", "plain"]);
  });

  it("an Editor's key lists only the Editor's keys, even asking for everything its owner holds", async () => {
    const seeded = await seedProject();
    const key = await seeded.keyFor({ role: "EDITOR", name: "ci", scopes: ["project:read", "featureGroups:write"] });
    expect(await listedNames({ seeded, as: { apiKey: key.secret } })).toEqual(["EDITOR key", "ci"]);
  });
});

describe("API keys: who revokes which", () => {
  it.each(["EDITOR", "VIEWER", "AUDITOR"] as const)(
    "%s session: revokes its own key; another member's key does not exist for it",
    async (role) => {
      const seeded = await seedProject();
      const as = { userId: seeded.users[role].id };
      const own = await revoke({ seeded, keyId: seeded.keyIds[role], as });
      expect(own.status).toBe(200);
      expect(own.json.revokedAt).not.toBeNull();
      const other = await revoke({ seeded, keyId: seeded.keyIds.OWNER, as });
      expect(other.status).toBe(404);
      expect(other.contentType).toBe("application/problem+json");
      expect(await isRevoked(seeded.keyIds.OWNER)).toBeNull();
    },
  );

  it("an Owner revokes any member's key, and the audit log names the key", async () => {
    const seeded = await seedProject();
    for (const role of ["EDITOR", "VIEWER", "AUDITOR", "OWNER"] as const) {
      const response = await revoke({ seeded, keyId: seeded.keyIds[role], as: { userId: seeded.users.OWNER.id } });
      expect(response.status).toBe(200);
      expect(await isRevoked(seeded.keyIds[role])).not.toBeNull();
    }
    const events = await db.auditEvent.findMany({ where: { projectId: seeded.project.id, action: "apiKey.revoke" } });
    expect(events.map((event) => event.resourceId).sort()).toEqual(Object.values(seeded.keyIds).sort());
  });

  it("a key revokes its own member's keys with no extra scope, others' only with apiKeys:write", async () => {
    const seeded = await seedProject();
    const plain = await seeded.keyFor({ role: "OWNER", name: "plain", scopes: ["project:read"] });
    const reader = await seeded.keyFor({ role: "OWNER", name: "reader", scopes: ["project:read", "apiKeys:read"] });
    const writer = await seeded.keyFor({
      role: "OWNER",
      name: "writer",
      scopes: ["project:read", "apiKeys:read", "apiKeys:write"],
    });
    // Own member's key: no apiKeys scope needed.
    expect((await revoke({ seeded, keyId: seeded.keyIds.OWNER, as: { apiKey: plain.secret } })).status).toBe(200);
    // Another member's key: invisible without apiKeys:read, visible but forbidden without apiKeys:write.
    expect((await revoke({ seeded, keyId: seeded.keyIds.EDITOR, as: { apiKey: plain.secret } })).status).toBe(404);
    const forbidden = await revoke({ seeded, keyId: seeded.keyIds.EDITOR, as: { apiKey: reader.secret } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.detail).toMatch(/apiKeys:write/);
    expect(await isRevoked(seeded.keyIds.EDITOR)).toBeNull();
    expect((await revoke({ seeded, keyId: seeded.keyIds.EDITOR, as: { apiKey: writer.secret } })).status).toBe(200);
    expect(await isRevoked(seeded.keyIds.EDITOR)).not.toBeNull();
  });

  it("a Viewer's key revokes the Viewer's other key but not the Owner's", async () => {
    const seeded = await seedProject();
    const key = await seeded.keyFor({ role: "VIEWER", name: "laptop", scopes: ["project:read"] });
    expect((await revoke({ seeded, keyId: seeded.keyIds.VIEWER, as: { apiKey: key.secret } })).status).toBe(200);
    expect((await revoke({ seeded, keyId: seeded.keyIds.OWNER, as: { apiKey: key.secret } })).status).toBe(404);
    expect(await isRevoked(seeded.keyIds.OWNER)).toBeNull();
  });
});

describe("API keys: who creates them", () => {
  it.each(ROLES_IN_PROJECT)("%s session: creates a key within its own scopes, no extra scope needed", async (role) => {
    const seeded = await seedProject();
    const response = await callRoute(
      apiKeysRoute.POST,
      { project: seeded.project.name },
      { userId: seeded.users[role].id, method: "POST", body: { name: "mine", scopes: ["project:read", "jobs:read"] } },
    );
    expect(response.status).toBe(201);
    expect(response.json.apiKey.scopes).toEqual(["project:read", "jobs:read"]);
  });

  it("an API key cannot create API keys, whatever scopes it holds", async () => {
    const seeded = await seedProject();
    const everything = await seeded.keyFor({
      role: "OWNER",
      name: "everything",
      scopes: ["project:read", "apiKeys:read", "apiKeys:write", "members:write"],
    });
    const before = await db.apiKey.count({ where: { projectId: seeded.project.id } });
    const response = await callRoute(
      apiKeysRoute.POST,
      { project: seeded.project.name },
      { apiKey: everything.secret, method: "POST", body: { name: "child", scopes: ["project:read"] } },
    );
    expect(response.status).toBe(403);
    expect(response.contentType).toBe("application/problem+json");
    expect(response.json.detail).toBe("An API key cannot create API keys; sign in to the console to create one");
    expect(await db.apiKey.count({ where: { projectId: seeded.project.id } })).toBe(before);
  });
});
