import "server-only";
import { db } from "../db/client";
import { NotFoundError, UnauthorizedError } from "../errors";
import { scopesForRole, type TRole } from "@/lib/scopes";
import { keyScopesFor } from "./api-keys";
import type { TPrincipal, TProjectAccess } from "../principal";

/**
 * Resolves what a principal may do in a project. A non-member gets NotFoundError (never "forbidden"),
 * so that project names do not leak. API keys are bound to one project and hold at most their owner's
 * current scopes.
 */
export const resolveProjectAccess = async ({
  principal,
  projectName,
}: {
  principal: TPrincipal;
  projectName: string;
}): Promise<TProjectAccess> => {
  const project = await db.project.findUnique({ where: { name: projectName }, select: { id: true, name: true } });
  if (!project) throw new NotFoundError(`Project '${projectName}' not found`);
  if (principal.kind === "apiKey" && principal.projectId !== project.id)
    throw new NotFoundError(`Project '${projectName}' not found`);
  const membership = await db.membership.findUnique({
    where: { projectId_userId: { projectId: project.id, userId: principal.userId } },
    select: { role: true },
  });
  if (!membership) {
    if (principal.kind === "apiKey")
      throw new UnauthorizedError("The owner of this API key is no longer a member of the project");
    throw new NotFoundError(`Project '${projectName}' not found`);
  }
  const role = membership.role as TRole;
  const scopes = keyScopesFor({ principal, role }) ?? scopesForRole(role);
  return { project, role, scopes };
};

/** The calling API key as its program may know it: project, the owner's role there, the scopes it holds now. */
export const describeCallingApiKey = async ({ principal }: { principal: TPrincipal & { kind: "apiKey" } }) => {
  const row = await db.apiKey.findUniqueOrThrow({
    where: { id: principal.apiKeyId },
    select: { id: true, name: true, expiresAt: true, project: { select: { id: true, name: true } } },
  });
  const access = await resolveProjectAccess({ principal, projectName: row.project.name });
  return {
    id: row.id,
    name: row.name,
    project: row.project,
    role: access.role,
    scopes: [...access.scopes],
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
};
