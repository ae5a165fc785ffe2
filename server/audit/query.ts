import "server-only";
import type { TAuditQuery } from "@/lib/api/schemas";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import type { TProjectAccess } from "../principal";

// Sign-ins and sign-outs (server/auth/sign-in-events.ts) belong to no project and name the user as resource.
const SIGN_IN_EVENTS = { projectId: null, action: { startsWith: "auth." }, resourceType: "user" } as const;

const filtersOf = (query: TAuditQuery): Prisma.AuditEventWhereInput => ({
  ...(query.actor ? { actorLabel: { contains: query.actor, mode: "insensitive" } } : {}),
  ...(query.action ? { action: { startsWith: query.action } } : {}),
  ...(query.resourceType ? { resourceType: query.resourceType } : {}),
  ...(query.resourceId ? { resourceId: query.resourceId } : {}),
  ...(query.from || query.to
    ? {
        at: {
          ...(query.from ? { gte: new Date(query.from) } : {}),
          ...(query.to ? { lte: new Date(query.to) } : {}),
        },
      }
    : {}),
  ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}),
});

const findPage = async ({ scope, query }: { scope: Prisma.AuditEventWhereInput; query: TAuditQuery }) => {
  const rows = await db.auditEvent.findMany({
    where: { AND: [scope, filtersOf(query)] },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    events: page.map((row) => ({
      id: Number(row.id),
      at: row.at.toISOString(),
      actorType: row.actorType,
      actorId: row.actorId,
      actor: row.actorLabel,
      action: row.action,
      resourceType: row.resourceType,
      resourceId: row.resourceId,
      resourceName: row.resourceName,
      clientIp: row.clientIp,
      userAgent: row.userAgent,
      details: row.details,
    })),
    nextCursor: rows.length > query.limit ? Number(page[page.length - 1].id) : null,
  };
};

/** A project's audit log: its own events and the sign-ins, refusals and sign-outs of its current members. */
export const findAuditEvents = async ({ access, query }: { access: TProjectAccess; query: TAuditQuery }) => {
  const members = await db.membership.findMany({ where: { projectId: access.project.id }, select: { userId: true } });
  const scope: Prisma.AuditEventWhereInput = {
    OR: [
      { projectId: access.project.id },
      { ...SIGN_IN_EVENTS, resourceId: { in: members.map((member) => member.userId) } },
    ],
  };
  return findPage({ scope, query });
};

/** Every sign-in, refusal and sign-out (for administrators, who may read them all). */
export const findSignInEvents = ({ query }: { query: TAuditQuery }) => findPage({ scope: SIGN_IN_EVENTS, query });
