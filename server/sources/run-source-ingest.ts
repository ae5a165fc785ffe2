import "server-only";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { db } from "../db/client";
import { newId } from "../ids";
import { runIngest, type TIngestParams } from "../ingest/run-ingest";
import { uploadDir } from "../ingest/uploads";
import { readPgRows, sourceRelation } from "./postgres";
import { openSecret } from "./secret-box";
import type { TFileConfig, TPgConfig } from "./sources";

// One ingest from a data source (docs/data-sources.md): a PostgreSQL source's rows after the group's watermark are
// staged as JSON lines (keyed by feature name) and a file source is staged as it is; either load then takes the
// ingest path every upload takes (validation, one Delta commit, online write-through). The watermark advances to
// the largest value read, once the commit is recorded.

type TRunParams = Omit<TIngestParams, "uploadId" | "mode">;

const watermarkText = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value);

export const runSourceIngest = async (params: TRunParams) => {
  const { projectId, featureGroupId, userId, progress } = params;
  const link = await db.featureGroupSource.findUnique({
    where: { featureGroupId },
    include: { dataSource: true },
  });
  if (!link || link.dataSource.projectId !== projectId) throw new Error("The feature group has no data source");
  const source = link.dataSource;
  const uploadId = newId("upl");
  let nextWatermark: string | null = link.lastWatermark;
  let rowsRead: number | null = null;
  if (source.kind === "postgres") {
    const config = source.config as TPgConfig;
    const password = source.secret ? openSecret({ sealed: source.secret, sourceId: source.id }) : "";
    const watermark = link.watermarkColumn
      ? config.columns.find((column) => column.name === link.watermarkColumn)
      : undefined;
    progress?.(0.05, `reading ${source.name}${link.lastWatermark ? ` after ${link.lastWatermark}` : ""}`);
    const rows = await readPgRows({
      connection: { host: config.host, port: config.port, database: config.database, user: config.user, password },
      relation: sourceRelation(config),
      watermarkColumn: watermark?.sourceName ?? null,
      after: link.lastWatermark,
    });
    rowsRead = rows.length;
    if (!rows.length) return { rowsRead: 0, watermark: link.lastWatermark, commit: null };
    if (watermark) nextWatermark = watermarkText(rows.at(-1)![watermark.sourceName]);
    const dir = uploadDir({ projectId, uploadId });
    const filePath = path.join(dir, "data.jsonl");
    await mkdir(dir, { recursive: true });
    const lines = rows.map(
      (row) => `${JSON.stringify(Object.fromEntries(config.columns.map((c) => [c.name, row[c.sourceName]])))}\n`,
    );
    await pipeline(Readable.from(lines), createWriteStream(filePath));
    await db.upload.create({
      data: {
        id: uploadId,
        projectId,
        fileName: `${source.name}.jsonl`,
        format: "jsonl",
        sizeBytes: BigInt(lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0)),
        path: filePath,
        createdById: userId,
      },
    });
  } else {
    const config = source.config as TFileConfig;
    // The file is read where it is; the upload row only points at it (its directory under uploads/ is empty).
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
  }
  const commit = await runIngest({ ...params, uploadId, mode: "upsert" });
  await db.featureGroupSource.update({
    where: { featureGroupId },
    data: { lastWatermark: nextWatermark, lastIngestAt: new Date() },
  });
  return { rowsRead, watermark: nextWatermark, commit, uploadId };
};
