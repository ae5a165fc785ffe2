import "server-only";
import { db } from "../db/client";
import { quoteIdent, readChanges, readTable, withDuckDb, CHANGE_TYPE_COLUMN } from "../offline";
import { keyMatchSql, latestRowsSql, streamKeys, streamLines } from "./offline-source";
import { getOnlineStore, toOnlineGroup, type TOnlineStore } from "../online-store";
import { enqueueOnlineRepair, markOnlineOutOfSync, settleOnlineSync } from "./sync-state";

// Write-through: after an ingest's commit is recorded, the keys of that commit are brought up to date online.
// Upserts write, for each key in the commit, its row with the greatest event time among the committed rows
// (the store's latest-wins rule keeps a newer row already online). Deletes remove keys that no longer have any
// row in the table. Everything is read back from the commit itself (readChanges v-1 → v), so a retried job
// redoes this step idempotently even after its upload is gone.

// Rows per store write: the same order of size as a materialization chunk.
const WRITE_THROUGH_CHUNK_ROWS = 50_000;
const WRITE_THROUGH_DUCKDB = { memoryLimit: "512MB", threads: 2 };

type TGroupRow = {
  id: string;
  projectId: string;
  tablePath: string;
  primaryKey: string[];
  eventTime: string | null;
  ttlSeconds: number | null;
  features: { name: string; type: string }[];
  onlineCodecVersion: number;
};

export const writeThroughCommit = async ({
  featureGroup,
  version,
  store = getOnlineStore(),
}: {
  featureGroup: TGroupRow;
  version: number;
  store?: TOnlineStore;
}) => {
  const group = toOnlineGroup(featureGroup);
  await store.ensure({ group });
  const counts = await withDuckDb(WRITE_THROUGH_DUCKDB, async (connection) => {
    const changes = await readChanges({
      tablePath: featureGroup.tablePath,
      fromVersion: version - 1,
      toVersion: version,
      connection,
    });
    const changeType = `c.${quoteIdent(CHANGE_TYPE_COLUMN)}`;
    let rows = 0;
    const written = `(SELECT * FROM ${changes.sql} AS c WHERE ${changeType} IN ('insert', 'update_postimage'))`;
    for await (const chunk of streamLines({
      connection,
      sql: latestRowsSql({ group, relationSql: written, order: store.writeOrder }),
      chunkRows: WRITE_THROUGH_CHUNK_ROWS,
    })) {
      await store.upsertLines({ group, text: chunk.text });
      rows += chunk.count;
    }
    // A key whose rows were removed and that has none left in the current table is gone (against the latest
    // snapshot, so a key re-inserted by a later commit is not deleted by a late retry of this one).
    const latest = await readTable({ tablePath: featureGroup.tablePath, connection });
    const keyList = featureGroup.primaryKey.map((name) => `c.${quoteIdent(name)}`).join(", ");
    const gone = `SELECT DISTINCT ${keyList} FROM ${changes.sql} AS c WHERE ${changeType} = 'delete' AND NOT EXISTS (SELECT 1 FROM ${latest.sql} AS fg WHERE ${keyMatchSql(group, "fg", "c")})`;
    let keysDeleted = 0;
    for await (const keys of streamKeys({ connection, group, sql: gone, chunkRows: WRITE_THROUGH_CHUNK_ROWS })) {
      await store.deleteKeys({ group, keys });
      keysDeleted += keys.length;
    }
    return { rows, keysDeleted };
  });
  // Online now reflects this commit; if it also reflected every earlier one, it reflects all up to this one.
  await db.onlineMaterialization.upsert({
    where: { featureGroupId: featureGroup.id },
    create: { featureGroupId: featureGroup.id },
    update: {},
  });
  await db.onlineMaterialization.updateMany({
    where: { featureGroupId: featureGroup.id, lastMaterializedVersion: version - 1 },
    data: { lastMaterializedVersion: version, updatedAt: new Date() },
  });
  await settleOnlineSync({ featureGroupId: featureGroup.id });
  return counts;
};

export type TOnlineSyncOutcome =
  | { inSync: true; rows: number; keysDeleted: number }
  | { inSync: false; outOfSyncSince: number; error: string; repairJobId: string | null };

/**
 * Writes a committed version through to the online store without ever failing the committed write: on an error
 * the group is marked out of sync since this commit and an incremental materialization is enqueued to repair it.
 */
export const syncCommitOnline = async ({
  featureGroup,
  version,
  userId,
  store,
}: {
  featureGroup: TGroupRow;
  version: number;
  userId: string | null;
  store?: TOnlineStore;
}): Promise<TOnlineSyncOutcome> => {
  try {
    return { inSync: true, ...(await writeThroughCommit({ featureGroup, version, store })) };
  } catch (error) {
    const message = error instanceof Error ? error.message || error.name : String(error);
    await markOnlineOutOfSync({ featureGroupId: featureGroup.id, version });
    // If even enqueueing fails (registry down), the mark stays and the next materialization repairs it.
    const repair = await enqueueOnlineRepair({
      featureGroupId: featureGroup.id,
      projectId: featureGroup.projectId,
      userId,
    }).catch(() => null);
    return { inSync: false, outOfSyncSince: version, error: message, repairJobId: repair?.id ?? null };
  }
};
