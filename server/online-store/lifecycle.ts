import "server-only";
import { db } from "../db/client";
import { ONLINE_CODEC_VERSION } from "./codec";
import { getOnlineStore, toOnlineGroup } from "./store";

// Creating and dropping a group's online objects does not depend on how its rows are encoded.
type TGroupRow = Omit<Parameters<typeof toOnlineGroup>[0], "onlineCodecVersion">;
const asCurrent = (featureGroup: TGroupRow) =>
  toOnlineGroup({ ...featureGroup, onlineCodecVersion: ONLINE_CODEC_VERSION });

/** A new online-enabled group: its store objects, and bookkeeping saying its empty table (version 0) is online. */
export const initOnlineFeatureGroup = async ({ featureGroup }: { featureGroup: TGroupRow }) => {
  await getOnlineStore().ensure({ group: asCurrent(featureGroup) });
  await db.onlineMaterialization.upsert({
    where: { featureGroupId: featureGroup.id },
    create: { featureGroupId: featureGroup.id, lastMaterializedVersion: 0 },
    update: {},
  });
};

/** Removes a deleted group's online data and bookkeeping. Idempotent. */
export const dropOnlineFeatureGroup = async ({ featureGroup }: { featureGroup: TGroupRow }) => {
  await getOnlineStore().drop({ group: asCurrent(featureGroup) });
  await db.onlineMaterialization.deleteMany({ where: { featureGroupId: featureGroup.id } });
};
