import "server-only";
import { db } from "../db/client";
import { featureGroupWhere } from "../access-where";
import { loadSnapshot, readChanges, readTable, withDuckDb, queryJsonRows, CHANGE_TYPE_COLUMN } from "../offline";
import { quoteIdent } from "../offline";
import {
  eventTimeRangeSql,
  keyMatchSql,
  LATEST_ROWS_DUCKDB,
  latestRowsSql,
  streamKeys,
  streamLines,
  type TLatestRowsScanOptions,
  type TLineChunk,
} from "./offline-source";
import {
  getOnlineStore,
  hasCurrentCodec,
  ONLINE_CODEC_VERSION,
  toOnlineGroup,
  type TWriteOrder,
} from "../online-store";

// Materialization: copies the latest row per key from the offline store (a pinned Delta snapshot) to the online
// store, in key order and in chunks. After each chunk the job's cursor (last key written) is saved in
// OnlineMaterialization.cursors[jobId], so an attempt that was killed resumes after its last chunk, on the same
// snapshot, instead of starting over. Writes are latest-wins, so re-writing a chunk is harmless.
// A group whose online rows were written by an older codec (codec.ts ONLINE_CODEC_VERSION) is rebuilt by any
// materialization, whatever it was asked for: its rows are cleared, every key is written from a snapshot taken
// after the clear, the group is marked current, and an incremental pass then adds commits that came after that
// snapshot (whose write-through may have landed before the clear). Its rows are not served until it is current.

// Rows per chunk (one cursor save each): ~0.2 s of Redis writes; a crash loses at most this much work.
const DEFAULT_CHUNK_ROWS = 50_000;
// Chunks read ahead of the writes: DuckDB keeps producing while Redis writes (memory: ~4 chunks of text).
const CHUNKS_AHEAD = 4;

type TMaterializeMode = "full" | "range" | "incremental";

export type TMaterializeCursor = {
  mode: TMaterializeMode;
  /** The scan's order (the store's writeOrder when the job started): a resumed scan must keep it. */
  order?: TWriteOrder;
  snapshotVersion: number;
  fromVersion: number | null;
  start: string | null;
  end: string | null;
  totalRows: number;
  deletesDone: boolean;
  lastKey: string[] | null;
  chunks: number;
  rows: number;
  /** A rebuild of rows written by an older codec: it started by clearing the group's online rows. */
  rebuild?: boolean;
};

export type TMaterializeResult = Pick<
  TMaterializeCursor,
  "mode" | "snapshotVersion" | "fromVersion" | "chunks" | "rows"
> & { keysDeleted: number; resumed: boolean; upToDate: boolean; rebuilt?: boolean };

type TFeatureGroupRow = NonNullable<Awaited<ReturnType<typeof findMaterializableGroup>>>;

export const findMaterializableGroup = ({ projectId, featureGroupId }: { projectId: string; featureGroupId: string }) =>
  db.featureGroup.findFirst({
    where: { ...featureGroupWhere({ projectId, intent: "write" }), id: featureGroupId },
    include: { features: { orderBy: { position: "asc" } } },
  });

const loadState = async (featureGroupId: string) =>
  db.onlineMaterialization.upsert({ where: { featureGroupId }, create: { featureGroupId }, update: {} });

const saveCursor = async ({
  featureGroupId,
  jobId,
  cursor,
}: {
  featureGroupId: string;
  jobId: string;
  cursor: TMaterializeCursor;
}) => {
  await db.$executeRaw`UPDATE "OnlineMaterialization" SET "cursors" = jsonb_set("cursors", ARRAY[${jobId}], ${JSON.stringify(cursor)}::jsonb), "updatedAt" = now() WHERE "featureGroupId" = ${featureGroupId}`;
};

const finish = async ({
  featureGroupId,
  jobId,
  advanceTo,
  rebuilt = false,
}: {
  featureGroupId: string;
  jobId: string;
  advanceTo: number | null;
  rebuilt?: boolean;
}) => {
  if (rebuilt && advanceTo !== null) {
    // The rows online are exactly this snapshot's (the clear removed whatever a higher version had recorded), and
    // they are now written by the current codec: both facts become true together.
    await db.$transaction([
      db.$executeRaw`UPDATE "OnlineMaterialization" SET "cursors" = "cursors" - ${jobId}, "lastMaterializedVersion" = ${advanceTo}, "updatedAt" = now() WHERE "featureGroupId" = ${featureGroupId}`,
      db.$executeRaw`UPDATE "FeatureGroup" SET "onlineCodecVersion" = ${ONLINE_CODEC_VERSION}, "updatedAt" = now() WHERE "id" = ${featureGroupId} AND "onlineCodecVersion" < ${ONLINE_CODEC_VERSION}`,
    ]);
    return;
  }
  if (advanceTo === null) {
    await db.$executeRaw`UPDATE "OnlineMaterialization" SET "cursors" = "cursors" - ${jobId}, "updatedAt" = now() WHERE "featureGroupId" = ${featureGroupId}`;
  } else {
    await db.$executeRaw`UPDATE "OnlineMaterialization" SET "cursors" = "cursors" - ${jobId}, "lastMaterializedVersion" = GREATEST("lastMaterializedVersion", ${advanceTo}), "updatedAt" = now() WHERE "featureGroupId" = ${featureGroupId}`;
  }
};

/**
 * Runs (or resumes) job `jobId`'s materialization of a feature group. `incremental` reads only keys changed since
 * the last materialized commit (a full run when there is none); `start`/`end` restrict event times to [start, end);
 * neither: every key. Idempotent and resumable; checks `signal` between chunks.
 */
export const materializeFeatureGroup = async ({
  featureGroup,
  jobId,
  incremental = false,
  start,
  end,
  store = getOnlineStore(),
  chunkRows = DEFAULT_CHUNK_ROWS,
  progress,
  signal,
}: TLatestRowsScanOptions & {
  featureGroup: TFeatureGroupRow;
  jobId: string;
  incremental?: boolean;
  start?: string;
  end?: string;
  chunkRows?: number;
}): Promise<TMaterializeResult> => {
  const group = toOnlineGroup(featureGroup);
  await store.ensure({ group });
  const state = await loadState(featureGroup.id);
  const rebuild = !hasCurrentCodec(group);
  // A cursor saved before the group went stale (an attempt of an older version) is not resumed: rebuild instead.
  const found = (state.cursors as Record<string, TMaterializeCursor>)[jobId];
  const saved = found && (found.rebuild || !rebuild) ? found : undefined;
  const resumed = Boolean(saved);
  const result = await withDuckDb(LATEST_ROWS_DUCKDB, async (connection): Promise<TMaterializeResult> => {
    let cursor: TMaterializeCursor;
    if (saved) {
      cursor = saved;
    } else {
      // Cleared before the snapshot is taken: every commit the snapshot lacks is one whose write-through (if it ran
      // before the clear) the catch-up pass below redoes.
      if (rebuild) await store.clear({ group });
      const snapshotVersion = (await loadSnapshot({ tablePath: featureGroup.tablePath, connection })).version;
      const fromVersion =
        !rebuild && incremental && state.lastMaterializedVersion >= 0 ? state.lastMaterializedVersion : null;
      const mode: TMaterializeMode =
        fromVersion !== null ? "incremental" : !rebuild && (start || end) ? "range" : "full";
      if (fromVersion !== null && fromVersion >= snapshotVersion) {
        return {
          mode,
          snapshotVersion,
          fromVersion,
          chunks: 0,
          rows: 0,
          keysDeleted: 0,
          resumed: false,
          upToDate: true,
        };
      }
      cursor = {
        mode,
        order: store.writeOrder,
        snapshotVersion,
        fromVersion,
        start: start ?? null,
        end: end ?? null,
        totalRows: 0,
        deletesDone: mode !== "incremental",
        lastKey: null,
        chunks: 0,
        rows: 0,
        ...(rebuild ? { rebuild: true } : {}),
      };
    }
    const snapshot = await readTable({
      tablePath: featureGroup.tablePath,
      asOf: { version: cursor.snapshotVersion },
      connection,
    });
    let relationSql = snapshot.sql;
    let keysDeleted = 0;
    if (cursor.mode === "incremental") {
      // Keys touched by the commits since the last run: their latest row in the snapshot, or a delete if none is left.
      const changes = await readChanges({
        tablePath: featureGroup.tablePath,
        fromVersion: cursor.fromVersion!,
        toVersion: cursor.snapshotVersion,
        connection,
      });
      const keyList = featureGroup.primaryKey.map(quoteIdent).join(", ");
      const touched = `(SELECT DISTINCT ${keyList} FROM ${changes.sql} AS c WHERE c.${quoteIdent(CHANGE_TYPE_COLUMN)} IS NOT NULL)`;
      relationSql = `(SELECT fg.* FROM ${snapshot.sql} AS fg SEMI JOIN ${touched} AS o ON ${keyMatchSql(group, "fg", "o")})`;
      if (!cursor.deletesDone) {
        const gone = `SELECT o.* FROM ${touched} AS o ANTI JOIN ${snapshot.sql} AS fg ON ${keyMatchSql(group, "fg", "o")}`;
        for await (const keys of streamKeys({ connection, group, sql: gone, chunkRows })) {
          signal?.throwIfAborted();
          await store.deleteKeys({ group, keys });
          keysDeleted += keys.length;
        }
        cursor.deletesDone = true;
      }
    }
    const where =
      cursor.mode === "range"
        ? eventTimeRangeSql({ group, start: cursor.start ?? undefined, end: cursor.end ?? undefined })
        : [];
    if (!resumed) {
      const [counted] = await queryJsonRows(
        connection,
        `SELECT count(*) AS n FROM ${relationSql} AS fg ${where.length ? `WHERE ${where.join(" AND ")}` : ""}`,
      );
      cursor.totalRows = Number(counted.n);
    }
    await saveCursor({ featureGroupId: featureGroup.id, jobId, cursor });
    const sql = latestRowsSql({ group, relationSql, where, afterKey: cursor.lastKey, order: cursor.order ?? "key" });
    progress?.({
      fraction: 0.01,
      rowsProcessed: cursor.rows,
      message: resumed
        ? `resuming after ${cursor.rows} rows (${cursor.chunks} chunks)`
        : `materializing up to ${cursor.totalRows} rows`,
    });
    // Write-behind: DuckDB goes on producing chunks (up to CHUNKS_AHEAD) while earlier ones are written, so neither
    // waits for the other's pauses. Writes are chained: chunks are written in order, and a chunk's cursor is saved
    // only after its write is acknowledged, so the cursor never runs ahead of the store.
    const writeChunk = async (chunk: TLineChunk) => {
      await store.upsertLines({ group, text: chunk.text });
      cursor.lastKey = chunk.lastKey;
      cursor.chunks += 1;
      cursor.rows += chunk.count;
      await saveCursor({ featureGroupId: featureGroup.id, jobId, cursor });
      progress?.({
        fraction: Math.min(0.99, cursor.rows / Math.max(1, cursor.totalRows)),
        rowsProcessed: cursor.rows,
        message: `${cursor.rows} rows written online`,
      });
    };
    const writes: Promise<void>[] = [];
    try {
      for await (const chunk of streamLines({ connection, sql, chunkRows })) {
        signal?.throwIfAborted();
        const write = (writes.at(-1) ?? Promise.resolve()).then(() => {
          signal?.throwIfAborted();
          return writeChunk(chunk);
        });
        write.catch(() => {});
        writes.push(write);
        // The oldest write's failure surfaces here, and stops the scan.
        if (writes.length >= CHUNKS_AHEAD) await writes.shift();
      }
    } finally {
      // Let acknowledged writes record their cursor even when the scan stops (abort, error).
      await Promise.allSettled(writes);
    }
    await Promise.all(writes);
    await finish({
      featureGroupId: featureGroup.id,
      jobId,
      advanceTo: cursor.mode === "range" ? null : cursor.snapshotVersion,
      rebuilt: cursor.rebuild,
    });
    return {
      mode: cursor.mode,
      snapshotVersion: cursor.snapshotVersion,
      fromVersion: cursor.fromVersion,
      chunks: cursor.chunks,
      rows: cursor.rows,
      keysDeleted,
      resumed,
      upToDate: false,
      ...(cursor.rebuild ? { rebuilt: true } : {}),
    };
  });
  if (!result.rebuilt) return result;
  // Commits after the rebuild's snapshot: their keys, read incrementally (its own cursor, so it resumes too).
  const caughtUp = await materializeFeatureGroup({
    featureGroup: { ...featureGroup, onlineCodecVersion: ONLINE_CODEC_VERSION },
    jobId: `${jobId}:catch-up`,
    incremental: true,
    store,
    chunkRows,
    signal,
  });
  return caughtUp.upToDate
    ? result
    : {
        ...result,
        snapshotVersion: caughtUp.snapshotVersion,
        chunks: result.chunks + caughtUp.chunks,
        rows: result.rows + caughtUp.rows,
        keysDeleted: result.keysDeleted + caughtUp.keysDeleted,
      };
};
