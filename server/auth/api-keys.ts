import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "../db/client";
import { ForbiddenError, InvalidInputError, NotFoundError, UnauthorizedError } from "../errors";
import { newId } from "../ids";
import { effectiveKeyScopes, hasScope, isScope, type TRole, type TScope } from "@/lib/scopes";
import { recordAuditEvent } from "../audit/record";
import type { TPrincipal, TProjectAccess, TRequestContext } from "../principal";

// Keys look like `lk_<prefix>_<secret>`. The prefix finds the row; only sha256(secret) is stored.
// A 32-byte random secret needs no slow hash: brute force is out of reach anyway.
const KEY_PREFIX_BYTES = 6;
const KEY_SECRET_BYTES = 32;
// Writing lastUsedAt on every request would make every read a write; once a minute is enough to show use.
const LAST_USED_RESOLUTION_MS = 60_000;

const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

const parseApiKey = (token: string): { prefix: string; secret: string } | null => {
  const match = /^lk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { prefix: match[1], secret: match[2] } : null;
};

export const createApiKey = async ({
  ctx,
  access,
  name,
  scopes,
  expiresAt,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  scopes: string[];
  expiresAt?: Date | null;
}) => {
  // A key minting keys would let a leaked secret outlive its own revocation; only a person creates keys.
  if (ctx.principal.kind !== "user")
    throw new ForbiddenError("An API key cannot create API keys; sign in to the console to create one");
  // A key born expired would be refused on its first use; the caller meant a date in the future.
  if (expiresAt && expiresAt.getTime() <= Date.now())
    throw new InvalidInputError("An API key must expire in the future", [
      { path: "expiresAt", message: "must be in the future" },
    ]);
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length)
    throw new InvalidInputError("Unknown scopes", [{ path: "scopes", message: `unknown: ${unknown.join(", ")}` }]);
  const notHeld = scopes.filter((scope) => !access.scopes.includes(scope as TScope));
  if (notHeld.length) {
    throw new InvalidInputError("An API key can only carry scopes you hold", [
      { path: "scopes", message: `not held by you: ${notHeld.join(", ")}` },
    ]);
  }
  const prefix = randomBytes(KEY_PREFIX_BYTES).toString("hex");
  const secret = randomBytes(KEY_SECRET_BYTES).toString("base64url");
  const apiKey = await db.apiKey.create({
    data: {
      id: newId("key"),
      projectId: access.project.id,
      userId: ctx.principal.userId,
      name,
      prefix,
      secretHash: sha256(secret),
      scopes: [...new Set(scopes)],
      expiresAt: expiresAt ?? null,
    },
  });
  await recordAuditEvent({
    ctx,
    project: access.project,
    action: "apiKey.create",
    resourceType: "apiKey",
    resourceId: apiKey.id,
    resourceName: name,
    details: { name, scopes: apiKey.scopes, prefix },
  });
  return { apiKey: toApiKeyView(apiKey), secret: `lk_${prefix}_${secret}` };
};

type TApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
  userId: string;
};

const toApiKeyView = (row: TApiKeyRow) => ({
  id: row.id,
  name: row.name,
  prefix: `lk_${row.prefix}_…`,
  scopes: row.scopes,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
  expiresAt: row.expiresAt?.toISOString() ?? null,
  userId: row.userId,
});

// Who may see and revoke which key is decided by scope alone (docs/security.md): everyone manages the keys they
// created, which never hold more than their creator does; other members' keys need apiKeys:read to be listed
// and apiKeys:write to be revoked. Roles matter only through the scopes they grant.
const isOwnKey = ({ row, principal }: { row: { userId: string }; principal: TPrincipal }): boolean =>
  row.userId === principal.userId;

export const findApiKeys = async ({ access, principal }: { access: TProjectAccess; principal: TPrincipal }) => {
  const seesAllKeys = hasScope({ scopes: access.scopes, required: "apiKeys:read" });
  const rows = await db.apiKey.findMany({
    where: { projectId: access.project.id, ...(seesAllKeys ? {} : { userId: principal.userId }) },
    orderBy: { createdAt: "desc" },
    include: { user: { select: { email: true } } },
  });
  return rows.map((row) => ({ ...toApiKeyView(row), ownerEmail: row.user.email }));
};

export const revokeApiKey = async ({
  ctx,
  access,
  apiKeyId,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  apiKeyId: string;
}) => {
  const row = await db.apiKey.findFirst({ where: { id: apiKeyId, projectId: access.project.id } });
  if (!row) throw new NotFoundError("API key not found");
  if (!isOwnKey({ row, principal: ctx.principal })) {
    // A key the caller may not even list does not exist for them; one they may list but not revoke is forbidden.
    if (!hasScope({ scopes: access.scopes, required: "apiKeys:read" })) throw new NotFoundError("API key not found");
    if (!hasScope({ scopes: access.scopes, required: "apiKeys:write" }))
      throw new ForbiddenError(
        `Revoking another member's API key requires the 'apiKeys:write' scope, which ${ctx.principal.kind === "apiKey" ? "this API key" : "your role"} does not have`,
      );
  }
  if (row.revokedAt) return toApiKeyView(row);
  const updated = await db.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  await recordAuditEvent({
    ctx,
    project: access.project,
    action: "apiKey.revoke",
    resourceType: "apiKey",
    resourceId: row.id,
    resourceName: row.name,
    details: { name: row.name },
  });
  return toApiKeyView(updated);
};

/** Authenticates a bearer token; throws UnauthorizedError for anything but a live key. */
export const authenticateApiKey = async (token: string): Promise<TPrincipal> => {
  const parsed = parseApiKey(token);
  if (!parsed) throw new UnauthorizedError("Malformed API key");
  const row = await db.apiKey.findUnique({
    where: { prefix: parsed.prefix },
    include: { user: { select: { email: true } } },
  });
  if (!row) throw new UnauthorizedError("Unknown API key");
  const expected = Buffer.from(row.secretHash, "hex");
  const actual = Buffer.from(sha256(parsed.secret), "hex");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
    throw new UnauthorizedError("Unknown API key");
  if (row.revokedAt) throw new UnauthorizedError("This API key has been revoked");
  if (row.expiresAt && row.expiresAt.getTime() < Date.now()) throw new UnauthorizedError("This API key has expired");
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return {
    kind: "apiKey",
    apiKeyId: row.id,
    userId: row.userId,
    email: row.user.email,
    projectId: row.projectId,
    keyScopes: row.scopes,
  };
};

export const keyScopesFor = ({ principal, role }: { principal: TPrincipal; role: TRole }): TScope[] | null =>
  principal.kind === "apiKey" ? effectiveKeyScopes({ keyScopes: principal.keyScopes, ownerRole: role }) : null;
