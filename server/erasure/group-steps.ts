import "server-only";
import path from "node:path";
import { db } from "../db/client";
import { featureGroupWhere } from "../access-where";
import { getEnv } from "../env";
import type { Prisma } from "../db/generated/client";
import { withTableWriteLock } from "../db/table-lock";
import {
  loadSnapshot,
  purgeHistory,
  queryJsonRows,
  quoteIdent,
  quoteLiteral,
  readTable,
  withDuckDb,
  writeCommit,
} from "../offline";
import { getOnlineStore, toOnlineGroup } from "../online-store";
import { recordCommit } from "../registry/commits";
import type { TGroupKeys } from "./scan";
import type { TGroupPlan, TOfflineResult } from "./steps";

// One feature group's erasure: the Delta delete commit and the purge of everything older (offline), the keys out of
// the online store, the statistics of the purged commits. Each is idempotent, so an attempt killed mid-way redoes it.

const ERASURE_DUCKDB = { memoryLimit: "1GB", threads: 2 };
// File names listed in the report per group (the counts are always whole).
const MAX_LISTED_FILES = 1000;

/** [0, 1, 2, 5] → "0-2, 5". */
const versionRanges = (versions: number[]) => {
  const ranges: string[] = [];
  for (let i = 0; i < versions.length; i++) {
    let j = i;
    while (j + 1 < versions.length && versions[j + 1] === versions[j] + 1) j++;
    ranges.push(i === j ? String(versions[i]) : `${versions[i]}-${versions[j]}`);
    i = j;
  }
  return ranges.join(", ");
};

/** The keys as the load of a delete commit: one row per key, the key columns as text (the write casts them). */
const keysSourceSql = (keys: TGroupKeys) =>
  `SELECT * FROM (VALUES ${keys.texts.map((texts) => `(${texts.map(quoteLiteral).join(", ")})`).join(", ")}) AS v(${keys.keyColumns.map(quoteIdent).join(", ")})`;

/** The Delta txn of a request's delete commit: a retried attempt finds it and does not delete twice. */
const erasureTxn = (requestId: string) => ({ appId: `larder-erasure-${requestId}`, version: 1 });

/**
 * Deletes the rows holding the keys (one commit that rewrites only the files holding them), records the commit,
 * then purges the table's history: older files, log entries and checkpoints are deleted, so no file of the table
 * holds the rows any more. Holds the table's write lock exclusively: writes in flight finish first, new ones wait.
 */
export const eraseGroupOffline = async ({
  group,
  keys,
  requestId,
  jobId,
  userId,
}: {
  group: TGroupPlan;
  keys: TGroupKeys;
  requestId: string;
  jobId: string;
  userId: string | null;
}): Promise<TOfflineResult> =>
  withTableWriteLock({ tablePath: group.tablePath, mode: "exclusive" }, async () => {
    const before = await loadSnapshot({ tablePath: group.tablePath });
    const written = await writeCommit({
      tablePath: group.tablePath,
      mode: "delete",
      sourceSql: keysSourceSql(keys),
      primaryKey: keys.keyColumns,
      txn: erasureTxn(requestId),
      commitInfo: { jobId, userId: userId ?? undefined, operation: "DELETE", erasureRequestId: requestId },
      duckdb: ERASURE_DUCKDB,
    });
    // The moment a lost machine leaves behind mid-erasure: the rows deleted, the history not yet purged, nothing
    // recorded — the retry must finish from here (the txn makes its delete a no-op).
    if (getEnv().LARDER_FAULT === "kill-after-erasure-delete") process.kill(process.pid, "SIGKILL");
    const rowCount = await withDuckDb(ERASURE_DUCKDB, async (connection) => {
      const relation = await readTable({ tablePath: group.tablePath, connection });
      return Number((await queryJsonRows(connection, `SELECT count(*) AS n FROM ${relation.sql} AS t`))[0].n);
    });
    await recordCommit({
      featureGroupId: group.id,
      deltaVersion: written.version,
      operation: "DELETE",
      rows: { inserted: 0, updated: 0, deleted: written.rowsDeleted },
      rowCount,
      jobId,
      userId,
    });
    const purged = await purgeHistory({ tablePath: group.tablePath, duckdb: ERASURE_DUCKDB });
    const versions = [
      ...new Set(
        purged.logFilesDeleted.flatMap((file) => /^(\d{20})\./.exec(path.basename(file))?.[1] ?? []).map(Number),
      ),
    ].sort((a, b) => a - b);
    return {
      deleteVersion: written.version,
      rowsDeleted: written.rowsDeleted,
      filesRewritten: written.filesRemoved,
      filesAdded: written.filesAdded,
      filesTotal: written.alreadyCommitted ? group.liveFilesBefore : before.files.length,
      dataFilesDeleted: purged.dataFilesDeleted.length,
      logFilesDeleted: purged.logFilesDeleted.length,
      oldestReadableVersion: purged.version,
      commitsRemoved: versionRanges(versions),
      dataFileNames: purged.dataFilesDeleted.slice(0, MAX_LISTED_FILES).map((file) => path.basename(file)),
    };
  });

/**
 * Deletes the keys' rows from the online store (full primary keys), and the cursors of materializations in flight
 * that stopped at one of them (a cursor holds a key).
 */
export const eraseGroupOnline = async ({
  projectId,
  groupId,
  onlineKeys,
}: {
  projectId: string;
  groupId: string;
  onlineKeys: string[][];
}) => {
  const row = await db.featureGroup.findFirst({
    where: { ...featureGroupWhere({ projectId, intent: "write" }), id: groupId },
    include: { features: true },
  });
  if (!row?.onlineEnabled) return null;
  const store = getOnlineStore();
  // Batches keep one call's arguments (a Redis pipeline, a PostgreSQL array) small.
  for (let start = 0; start < onlineKeys.length; start += 1000)
    await store.deleteKeys({ group: toOnlineGroup(row), keys: onlineKeys.slice(start, start + 1000) });
  let cursorsRemoved = 0;
  const bookkeeping = await db.onlineMaterialization.findUnique({ where: { featureGroupId: groupId } });
  if (bookkeeping) {
    const erased = new Set(onlineKeys.map((key) => JSON.stringify(key)));
    const cursors = Object.entries((bookkeeping.cursors ?? {}) as Record<string, { lastKey?: string[] }>);
    const kept = cursors.filter(([, cursor]) => !cursor.lastKey || !erased.has(JSON.stringify(cursor.lastKey)));
    cursorsRemoved = cursors.length - kept.length;
    if (cursorsRemoved > 0)
      await db.onlineMaterialization.update({
        where: { featureGroupId: groupId },
        data: { cursors: Object.fromEntries(kept) as Prisma.InputJsonValue },
      });
  }
  return { keysDeleted: onlineKeys.length, store: store.kind, cursorsRemoved };
};

/**
 * Statistics of the purged commits go (their top values, min/max and histograms described rows now erased, and the
 * commits can no longer be read); the erasure's own commit was queued for statistics when it was recorded.
 */
export const eraseGroupStatistics = async ({ groupId, keptVersion }: { groupId: string; keptVersion: number }) =>
  (await db.featureStatistics.deleteMany({ where: { featureGroupId: groupId, deltaVersion: { lt: keptVersion } } }))
    .count;
