import "server-only";
import { db } from "../db/client";
import { getOnlineStore, toOnlineGroup } from "./store";

type TGroupRow = Parameters<typeof toOnlineGroup>[0];

/** A new online-enabled group: its store objects, and bookkeeping saying its empty table (version 0) is online. */
export const initOnlineFeatureGroup = async ({ featureGroup }: { featureGroup: TGroupRow }) => {
  await getOnlineStore().ensure({ group: toOnlineGroup(featureGroup) });
  await db.onlineMaterialization.upsert({
    where: { featureGroupId: featureGroup.id },
    create: { featureGroupId: featureGroup.id, lastMaterializedVersion: 0 },
    update: {},
  });
};

/** Removes a deleted group's online data and bookkeeping. Idempotent. */
export const dropOnlineFeatureGroup = async ({ featureGroup }: { featureGroup: TGroupRow }) => {
  await getOnlineStore().drop({ group: toOnlineGroup(featureGroup) });
  await db.onlineMaterialization.deleteMany({ where: { featureGroupId: featureGroup.id } });
};
