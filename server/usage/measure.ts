import "server-only";
import { featureGroupWhere } from "../access-where";
import { db } from "../db/client";
import { DeltaTableNotFoundError, tableFootprint } from "../offline";
import { getOnlineStore, toOnlineGroup } from "../online-store";
import type { TUsageFigure } from "./types";

// The gauges of one project: what its feature groups hold now, offline (live and time-travel history, from the Delta
// log and the file system: no data is read) and online (keys and bytes, asked of the online store). Measured outside
// the day's transaction: they touch files and the online store, never the registry's locks.

const groupName = (group: { name: string; version: number }) => `${group.name} v${group.version}`;

export const measureStores = async ({
  projectId,
  signal,
}: {
  projectId: string;
  signal?: AbortSignal;
}): Promise<TUsageFigure[]> => {
  const groups = await db.featureGroup.findMany({
    // The project's own groups (intent write): a group shared with it is measured in its home project.
    where: featureGroupWhere({ projectId, intent: "write" }),
    include: { features: { select: { name: true, type: true }, orderBy: { position: "asc" } } },
    orderBy: [{ name: "asc" }, { version: "asc" }],
  });
  const figures: TUsageFigure[] = [];
  const store = groups.some((group) => group.onlineEnabled) ? getOnlineStore() : undefined;
  for (const group of groups) {
    signal?.throwIfAborted();
    const subject = { subjectKind: "featureGroup" as const, subjectId: group.id, subjectName: groupName(group) };
    const footprint = await tableFootprint({ tablePath: group.tablePath }).catch((error: unknown) => {
      // A group whose table is gone (a failed creation) stores nothing.
      if (error instanceof DeltaTableNotFoundError) return { liveBytes: 0, historyBytes: 0 };
      throw error;
    });
    figures.push({ ...subject, metric: "storage.liveBytes", value: footprint.liveBytes });
    figures.push({ ...subject, metric: "storage.historyBytes", value: footprint.historyBytes });
    if (group.onlineEnabled && store?.measure) {
      const online = await store.measure({ group: toOnlineGroup(group) });
      figures.push({ ...subject, metric: "online.keys", value: online.keys });
      figures.push({ ...subject, metric: "online.bytes", value: online.bytes });
    }
  }
  return figures;
};
