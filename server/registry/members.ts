import "server-only";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { recordAuditEvent } from "../audit/record";
import type { TRole } from "@/lib/scopes";
import type { TProjectAccess, TRequestContext } from "../principal";
import type { TMember } from "@/lib/api/schemas";

const toMemberView = (row: {
  userId: string;
  role: string;
  createdAt: Date;
  user: { email: string; name: string };
}): TMember => ({
  userId: row.userId,
  email: row.user.email,
  name: row.user.name,
  role: row.role as TRole,
  createdAt: row.createdAt.toISOString(),
});

/** A change to the project's members, audited in the same transaction. */
const recordMemberEvent = ({
  ctx,
  access,
  tx,
  action,
  userId,
  details,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  tx: Prisma.TransactionClient;
  action: "member.add" | "member.updateRole" | "member.remove";
  userId: string;
  details: Record<string, unknown> & { email: string };
}) =>
  recordAuditEvent({
    ctx,
    project: access.project,
    action,
    resourceType: "member",
    resourceId: userId,
    resourceName: details.email,
    details,
    tx,
  });

export const findMembers = async ({ access }: { access: TProjectAccess }): Promise<TMember[]> => {
  const rows = await db.membership.findMany({
    where: { projectId: access.project.id },
    include: { user: { select: { email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(toMemberView);
};

export const addMember = async ({
  ctx,
  access,
  email,
  role,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  email: string;
  role: TRole;
}) => {
  const user = await db.user.findUnique({ where: { email } });
  if (!user)
    throw new InvalidInputError("No user with this email", [
      { path: "email", message: "no user has this email; an administrator must create the account first" },
    ]);
  const existing = await db.membership.findUnique({
    where: { projectId_userId: { projectId: access.project.id, userId: user.id } },
  });
  if (existing) throw new ConflictError(`${email} is already a member of this project`);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.membership.create({
      data: { projectId: access.project.id, userId: user.id, role },
      include: { user: { select: { email: true, name: true } } },
    });
    await recordMemberEvent({ ctx, access, tx, action: "member.add", userId: user.id, details: { email, role } });
    return created;
  });
  return toMemberView(row);
};

/**
 * Role changes and removals run under a row lock on the project's owners, so two owners demoting each
 * other at the same time cannot leave the project without one.
 */
const assertNotLastOwner = async (tx: Prisma.TransactionClient, projectId: string, userId: string) => {
  const owners = await tx.$queryRaw<{ userId: string }[]>`
    SELECT "userId" FROM "Membership" WHERE "projectId" = ${projectId} AND "role" = 'OWNER' FOR UPDATE`;
  if (owners.length === 1 && owners[0].userId === userId) {
    throw new ConflictError(
      "The last owner of a project cannot be removed or demoted; make someone else an owner first",
    );
  }
};

export const updateMemberRole = async ({
  ctx,
  access,
  userId,
  role,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  userId: string;
  role: TRole;
}) => {
  const row = await db.$transaction(async (tx) => {
    const current = await tx.membership.findUnique({
      where: { projectId_userId: { projectId: access.project.id, userId } },
    });
    if (!current) throw new NotFoundError("Member not found");
    if (current.role === "OWNER" && role !== "OWNER") await assertNotLastOwner(tx, access.project.id, userId);
    const updated = await tx.membership.update({
      where: { projectId_userId: { projectId: access.project.id, userId } },
      data: { role },
      include: { user: { select: { email: true, name: true } } },
    });
    await recordMemberEvent({
      ctx,
      access,
      tx,
      action: "member.updateRole",
      userId,
      details: { email: updated.user.email, from: current.role, to: role },
    });
    return updated;
  });
  return toMemberView(row);
};

export const removeMember = async ({
  ctx,
  access,
  userId,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  userId: string;
}) => {
  await db.$transaction(async (tx) => {
    const current = await tx.membership.findUnique({
      where: { projectId_userId: { projectId: access.project.id, userId } },
      include: { user: { select: { email: true } } },
    });
    if (!current) throw new NotFoundError("Member not found");
    if (current.role === "OWNER") await assertNotLastOwner(tx, access.project.id, userId);
    await tx.membership.delete({ where: { projectId_userId: { projectId: access.project.id, userId } } });
    // A removed member's keys for this project stop working with the membership; revoke them explicitly too.
    await tx.apiKey.updateMany({
      where: { projectId: access.project.id, userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await recordMemberEvent({
      ctx,
      access,
      tx,
      action: "member.remove",
      userId,
      details: { email: current.user.email, role: current.role },
    });
  });
};
