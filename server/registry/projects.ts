import "server-only";
import { rm } from "node:fs/promises";
import path from "node:path";
import { db } from "../db/client";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "../errors";
import { newId } from "../ids";
import { getDataDir } from "../env";
import { withAuditEvent } from "../audit/record";
import { dropOnlineFeatureGroup } from "../online-store";
import { featureGroupWhere } from "../access-where";
import { scopesForRole, type TRole } from "@/lib/scopes";
import type { TPrincipal, TProjectAccess, TRequestContext } from "../principal";
import { keyScopesFor } from "../auth/api-keys";
import type { TProject } from "@/lib/api/schemas";
import { Prisma } from "../db/generated/client";

const toProjectView = (
  row: {
    id: string;
    name: string;
    description: string;
    createdAt: Date;
    discoverable: boolean;
    _count: { memberships: number };
  },
  role: TRole,
  scopes: readonly string[],
): TProject => ({
  id: row.id,
  name: row.name,
  description: row.description,
  createdAt: row.createdAt.toISOString(),
  role,
  scopes: [...scopes] as TProject["scopes"],
  memberCount: row._count.memberships,
  discoverable: row.discoverable,
});

/** The projects the user is a member of, and nothing else; for an API key, only its own project. */
export const findProjectsForPrincipal = async ({ principal }: { principal: TPrincipal }): Promise<TProject[]> => {
  const memberships = await db.membership.findMany({
    where: { userId: principal.userId, ...(principal.kind === "apiKey" ? { projectId: principal.projectId } : {}) },
    include: { project: { include: { _count: { select: { memberships: true } } } } },
    orderBy: { project: { name: "asc" } },
  });
  return memberships.map((membership) => {
    const role = membership.role as TRole;
    return toProjectView(membership.project, role, keyScopesFor({ principal, role }) ?? scopesForRole(role));
  });
};

export const getProject = async ({ access }: { access: TProjectAccess }): Promise<TProject> => {
  const row = await db.project.findUnique({
    where: { id: access.project.id },
    include: { _count: { select: { memberships: true } } },
  });
  if (!row) throw new NotFoundError("Project not found");
  return toProjectView(row, access.role, access.scopes);
};

export const createProject = async ({
  ctx,
  name,
  description,
}: {
  ctx: TRequestContext;
  name: string;
  description: string;
}): Promise<TProject> => {
  if (ctx.principal.kind !== "user") throw new ForbiddenError("Projects are created by signed-in users");
  const userId = ctx.principal.userId;
  try {
    const project = await withAuditEvent(
      async (tx) => {
        const created = await tx.project.create({ data: { id: newId("prj"), name, description, createdById: userId } });
        await tx.membership.create({ data: { projectId: created.id, userId, role: "OWNER" } });
        return created;
      },
      (created) => ({
        ctx,
        project: created,
        action: "project.create",
        resourceType: "project",
        resourceId: created.id,
        resourceName: name,
        details: { name, description },
      }),
    );
    return toProjectView({ ...project, _count: { memberships: 1 } }, "OWNER", scopesForRole("OWNER"));
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError(`A project named '${name}' already exists`);
    }
    throw error;
  }
};

export const deleteProject = async ({
  ctx,
  access,
  confirm,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  confirm: string;
}) => {
  if (confirm !== access.project.name) {
    throw new InvalidInputError("Type the project's name to confirm", [
      { path: "confirm", message: `must equal '${access.project.name}'` },
    ]);
  }
  const onlineGroups = await db.featureGroup.findMany({
    // "write": a project drops only the online copies it owns, never those of groups shared with it.
    where: { ...featureGroupWhere({ projectId: access.project.id, intent: "write" }), onlineEnabled: true },
    include: { features: true },
  });
  await withAuditEvent(
    async (tx) => {
      // Views first: their sources hold on to feature groups (NO ACTION), and the cascade from the project
      // would otherwise reach the groups before the views.
      await tx.featureView.deleteMany({ where: { projectId: access.project.id } });
      await tx.project.delete({ where: { id: access.project.id } });
    },
    () => ({
      ctx,
      project: access.project,
      action: "project.delete",
      resourceType: "project",
      resourceId: access.project.id,
      resourceName: access.project.name,
    }),
  );
  // Offline and online data go with the project; the registry rows went in the transaction above.
  await rm(path.join(getDataDir(), "projects", access.project.id), { recursive: true, force: true });
  for (const featureGroup of onlineGroups) await dropOnlineFeatureGroup({ featureGroup });
};
