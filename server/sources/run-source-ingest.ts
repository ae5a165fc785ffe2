import "server-only";
import { mkdir, open, rm } from "node:fs/promises";
import path from "node:path";
import { db } from "../db/client";
import { getEnv } from "../env";
import { newId } from "../ids";
import { hasIngestCommitted, runIngest, type TIngestParams } from "../ingest/run-ingest";
import { discardUploadFile, uploadDir } from "../ingest/uploads";
import { sourceRelation, streamPgRows } from "./postgres";
import { openSecret } from "./secret-box";
import type { TFileConfig, TPgConfig } from "./sources";

// One ingest from a data source (docs/data-sources.md): a PostgreSQL source's rows after the group's watermark are
// streamed through a server-side cursor and staged batch by batch as JSON lines (keyed by feature name), and a file
// source is staged as it is; either load then takes the ingest path every upload takes (validation, one Delta
// commit, online write-through). The watermark the commit reaches is saved beside the job before the commit and
// becomes the group's watermark once the commit is recorded — never before, and never a value the commit lacks.

type TRunParams = Omit<TIngestParams, "uploadId" | "mode">;

const watermarkText = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value);

type TStaged = { uploadId: string; rowsRead: number; batches: number; watermark: string | null };

/**
 * Streams a PostgreSQL source's new rows into a staged JSON-lines upload, one FETCH batch at a time (memory holds
 * one batch, whatever the table's size). Null when there are no new rows (nothing is staged then).
 */
const stagePgSource = async ({
  projectId,
  userId,
  source,
  watermarkColumn,
  after,
  progress,
  signal,
}: Pick<TRunParams, "projectId" | "userId" | "progress" | "signal"> & {
  source: { id: string; name: string; config: unknown; secret: Uint8Array | null };
  watermarkColumn: string | null;
  after: string | null;
}): Promise<TStaged | null> => {
  const config = source.config as TPgConfig;
  const password = source.secret ? openSecret({ sealed: source.secret, sourceId: source.id }) : "";
  const watermark = watermarkColumn ? config.columns.find((column) => column.name === watermarkColumn) : undefined;
  const uploadId = newId("upl");
  const dir = uploadDir({ projectId, uploadId });
  const filePath = path.join(dir, "data.jsonl");
  await mkdir(dir, { recursive: true });
  let sizeBytes = 0;
  let last: unknown = null;
  let read: { rows: number; batches: number };
  try {
    const file = await open(filePath, "w");
    try {
      read = await streamPgRows({
        connection: { host: config.host, port: config.port, database: config.database, user: config.user, password },
        relation: sourceRelation(config),
        watermarkColumn: watermark?.sourceName ?? null,
        after,
        batchRows: getEnv().LARDER_SOURCE_FETCH_ROWS,
        signal,
        onBatch: async (rows) => {
          let text = "";
          for (const row of rows)
            text += `${JSON.stringify(Object.fromEntries(config.columns.map((c) => [c.name, row[c.sourceName]])))}\n`;
          await file.write(text);
          sizeBytes += Buffer.byteLength(text);
          if (watermark) last = rows.at(-1)![watermark.sourceName];
        },
        onProgress: (rows, batches) =>
          progress?.(0.05, `read ${rows.toLocaleString("en")} rows of ${source.name} (${batches} batches)`, rows),
      });
    } finally {
      await file.close();
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  if (!read.rows) {
    await rm(dir, { recursive: true, force: true });
    return null;
  }
  await db.upload.create({
    data: {
      id: uploadId,
      projectId,
      fileName: `${source.name}.jsonl`,
      format: "jsonl",
      sizeBytes: BigInt(sizeBytes),
      path: filePath,
      createdById: userId,
    },
  });
  return { uploadId, rowsRead: read.rows, batches: read.batches, watermark: watermark ? watermarkText(last) : after };
};

/** A file source: the upload row only points at the file, read where it is (its directory under uploads/ is empty). */
const stageFileSource = async ({
  projectId,
  userId,
  config,
}: {
  projectId: string;
  userId: string | null;
  config: TFileConfig;
}) => {
  const uploadId = newId("upl");
  await db.upload.create({
    data: {
      id: uploadId,
      projectId,
      fileName: path.basename(config.path),
      format: config.format,
      sizeBytes: BigInt(0),
      path: config.path,
      createdById: userId,
    },
  });
  return uploadId;
};

export const runSourceIngest = async (params: TRunParams) => {
  const { jobId, projectId, featureGroupId, userId, progress } = params;
  const link = await db.featureGroupSource.findUnique({
    where: { featureGroupId },
    include: { dataSource: true, featureGroup: { select: { tablePath: true } } },
  });
  if (!link || link.dataSource.projectId !== projectId) throw new Error("The feature group has no data source");
  const source = link.dataSource;
  const advance = async (watermark: string | null) =>
    db.featureGroupSource.update({
      where: { featureGroupId },
      data: {
        lastWatermark: watermark,
        lastIngestAt: new Date(),
        pendingJobId: null,
        pendingWatermark: null,
        pendingUploadId: null,
      },
    });

  // An earlier attempt of this job wrote its commit and died before advancing the watermark: the commit reaches the
  // watermark it saved. Reading the source again would take rows that arrived since — not in the commit — and then
  // skip them for good by advancing past them.
  if (link.pendingJobId === jobId && (await hasIngestCommitted({ tablePath: link.featureGroup.tablePath, jobId }))) {
    progress?.(0.05, `the commit was written by an earlier attempt; not reading ${source.name} again`);
    // The committed branch of runIngest reads no upload (its txn is found first).
    const commit = await runIngest({ ...params, uploadId: "", mode: "upsert" });
    await advance(link.pendingWatermark);
    // The earlier attempt's staged load goes once the job is done (the runner's afterDone), like any consumed input.
    return { rowsRead: null, batches: 0, watermark: link.pendingWatermark, commit, uploadId: link.pendingUploadId };
  }
  // A load staged by a run that failed or was lost before its commit: never read again (the source is).
  if (link.pendingUploadId) await discardUploadFile({ projectId, uploadId: link.pendingUploadId });

  let staged: TStaged | null;
  const readStart = performance.now();
  if (source.kind === "postgres") {
    progress?.(0.05, `reading ${source.name}${link.lastWatermark ? ` after ${link.lastWatermark}` : ""}`);
    staged = await stagePgSource({
      projectId,
      userId,
      source,
      watermarkColumn: link.watermarkColumn,
      after: link.lastWatermark,
      progress,
      signal: params.signal,
    });
    if (!staged) return { rowsRead: 0, batches: 0, watermark: link.lastWatermark, commit: null, uploadId: null };
  } else {
    const uploadId = await stageFileSource({ projectId, userId, config: source.config as TFileConfig });
    staged = { uploadId, rowsRead: 0, batches: 0, watermark: null };
  }
  const readSeconds = Math.round(performance.now() - readStart) / 1000;
  await db.featureGroupSource.update({
    where: { featureGroupId },
    data: { pendingJobId: jobId, pendingWatermark: staged.watermark, pendingUploadId: staged.uploadId },
  });
  let commit: Awaited<ReturnType<typeof runIngest>>;
  try {
    commit = await runIngest({ ...params, uploadId: staged.uploadId, mode: "upsert" });
  } catch (error) {
    // A retry reads the source again, or finds its commit written and needs no load: the staged copy can go now.
    await discardUploadFile({ projectId, uploadId: staged.uploadId }).catch(() => undefined);
    throw error;
  }
  await advance(staged.watermark);
  return {
    rowsRead: source.kind === "postgres" ? staged.rowsRead : null,
    batches: staged.batches,
    readSeconds,
    watermark: staged.watermark,
    commit,
    uploadId: staged.uploadId,
  };
};
