import "server-only";
import type { TAuditQuery } from "@/lib/api/schemas";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import type { TProjectAccess } from "../principal";

export const findAuditEvents = async ({ access, query }: { access: TProjectAccess; query: TAuditQuery }) => {
  const where: Prisma.AuditEventWhereInput = {
    projectId: access.project.id,
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
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: query.limit + 1 });
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
