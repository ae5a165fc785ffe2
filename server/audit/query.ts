import "server-only";
import { z } from "zod";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import type { TProjectAccess } from "../principal";

export const ZAuditQuerySchema = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  resourceType: z.string().max(100).optional(),
  resourceId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TAuditQuery = z.infer<typeof ZAuditQuerySchema>;

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
      clientIp: row.clientIp,
      userAgent: row.userAgent,
      details: row.details,
    })),
    nextCursor: rows.length > query.limit ? Number(page[page.length - 1].id) : null,
  };
};
