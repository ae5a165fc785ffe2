import "server-only";
import { db } from "../db/client";

export type TReader = { actor: string; reads: number; lastReadAt: string };

/**
 * Who read the values of these artifacts, from the audit log's `featureData.read` events (batch data, training
 * files, vectors), by artifact id; `since` limits it to recent reads.
 */
export const readersOf = async ({ projectId, ids, since }: { projectId: string; ids: string[]; since?: Date }) => {
  if (!ids.length) return new Map<string, TReader[]>();
  const groups = await db.auditEvent.groupBy({
    by: ["resourceId", "actorLabel"],
    where: { projectId, action: "featureData.read", resourceId: { in: ids }, ...(since ? { at: { gte: since } } : {}) },
    _count: { _all: true },
    _max: { at: true },
  });
  const byId = new Map<string, TReader[]>();
  for (const group of groups) {
    const list = byId.get(group.resourceId!) ?? [];
    list.push({ actor: group.actorLabel, reads: group._count._all, lastReadAt: group._max.at!.toISOString() });
    byId.set(group.resourceId!, list);
  }
  for (const list of byId.values()) list.sort((a, b) => b.lastReadAt.localeCompare(a.lastReadAt));
  return byId;
};
