import "server-only";
import { db } from "../db/client";
import { ConflictError } from "../errors";
import { newId } from "../ids";
import { hashPassword } from "../auth/passwords";
import { recordAuditEvent } from "../audit/record";
import type { TRequestContext } from "../principal";
import type { TUser } from "@/lib/api/schemas";

const toUserView = (row: {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}): TUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  isAdmin: row.isAdmin,
  createdAt: row.createdAt.toISOString(),
  lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
});

export const findUsers = async (): Promise<TUser[]> =>
  (await db.user.findMany({ orderBy: { email: "asc" } })).map(toUserView);

export const findUserById = async (id: string): Promise<TUser | null> => {
  const row = await db.user.findUnique({ where: { id } });
  return row ? toUserView(row) : null;
};

/** The email of whoever created a registry object (null: created by the system, or the user is gone). */
export const creatorEmail = async ({ createdById }: { createdById: string | null }): Promise<string | null> =>
  createdById
    ? ((await db.user.findUnique({ where: { id: createdById }, select: { email: true } }))?.email ?? null)
    : null;

export const countUsers = (): Promise<number> => db.user.count();

export const createUser = async ({
  ctx,
  email,
  name,
  password,
  isAdmin,
}: {
  ctx: TRequestContext | null;
  email: string;
  name: string;
  password: string;
  isAdmin: boolean;
}): Promise<TUser> => {
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) throw new ConflictError(`A user with email ${email} already exists`);
  const user = await db.user.create({
    data: { id: newId("usr"), email, name, isAdmin, passwordHash: await hashPassword(password) },
  });
  await recordAuditEvent({
    ctx,
    action: "user.create",
    resourceType: "user",
    resourceId: user.id,
    resourceName: email,
    details: { email, isAdmin },
  });
  return toUserView(user);
};

/** First-run setup: creates the first administrator, only while there is no user at all. */
export const createFirstAdmin = async ({
  email,
  name,
  password,
}: {
  email: string;
  name: string;
  password: string;
}): Promise<TUser> => {
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    await tx.$executeRaw`LOCK TABLE "User" IN SHARE ROW EXCLUSIVE MODE`;
    if ((await tx.user.count()) > 0) throw new ConflictError("Setup is already done: an administrator exists");
    return tx.user.create({ data: { id: newId("usr"), email, name, isAdmin: true, passwordHash } });
  });
  await recordAuditEvent({
    ctx: null,
    action: "user.setupAdmin",
    resourceType: "user",
    resourceId: user.id,
    resourceName: email,
    details: { email },
  });
  return toUserView(user);
};
