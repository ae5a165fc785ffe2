import "server-only";
import { hasScope } from "@/lib/scopes";
import { authenticateApiKey } from "../auth/api-keys";
import { resolveProjectAccess } from "../auth/access";
import type { TProjectAccess } from "../principal";
import { db } from "../db/client";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "../errors";
import { createRefreshCache } from "./refresh-cache";

// API-key checks for the feature server, cached in memory so the hot path makes no registry query. An entry is
// re-validated in the background after AUTH_REFRESH_MS and must be re-validated before use after AUTH_MAX_AGE_MS,
// so a revoked key, a removed member or a lowered role takes effect within AUTH_MAX_AGE_MS (the issue asks ≤ 5 s).
const AUTH_REFRESH_MS = 2_000;
export const AUTH_MAX_AGE_MS = 5_000;
// Distinct (key, project) pairs kept; the oldest is dropped beyond this (bounds memory under a flood of bad keys).
const AUTH_MAX_ENTRIES = 10_000;

const SERVING_SCOPE = "featureData:read" as const;

const accessCache = createRefreshCache<TProjectAccess>({
  refreshMs: AUTH_REFRESH_MS,
  maxAgeMs: AUTH_MAX_AGE_MS,
  maxEntries: AUTH_MAX_ENTRIES,
});

const resolve = async (token: string, projectName: string | null): Promise<TProjectAccess> => {
  const principal = await authenticateApiKey(token);
  if (principal.kind !== "apiKey") throw new UnauthorizedError("The feature server accepts project API keys only");
  let name = projectName;
  if (!name) {
    const project = await db.project.findUnique({ where: { id: principal.projectId }, select: { name: true } });
    if (!project) throw new NotFoundError("The API key's project no longer exists");
    name = project.name;
  }
  const access = await resolveProjectAccess({ principal, projectName: name });
  if (!hasScope({ scopes: access.scopes, required: SERVING_SCOPE }))
    throw new ForbiddenError(`This requires the '${SERVING_SCOPE}' scope, which this API key does not have`);
  return access;
};

/** The caller's access to `projectName` (null: the API key's own project), from `Authorization: Bearer <key>`. */
export const authorizeServingRequest = ({
  authorization,
  projectName,
}: {
  authorization: string | undefined;
  projectName: string | null;
}): Promise<TProjectAccess> => {
  if (!authorization) return Promise.reject(new UnauthorizedError("Pass an API key as 'Authorization: Bearer <key>'"));
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) return Promise.reject(new UnauthorizedError("Authorization header must be 'Bearer <API key>'"));
  const token = match[1];
  return accessCache.get(`${token}\n${projectName ?? ""}`, () => resolve(token, projectName));
};

export const clearServingAuthCache = () => accessCache.clear();
