import "server-only";
import { createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { db } from "../db/client";
import { getDataDir, getEnv } from "../env";
import { InvalidInputError, NotFoundError, PayloadTooLargeError, toStorageError, withStorageErrors } from "../errors";
import { newId } from "../ids";
import { recordAuditEvent } from "../audit/record";
import type { TProjectAccess, TRequestContext } from "../principal";
import type { TUpload } from "@/lib/api/feature-groups";
import { checkFileFormat, formatFromFileName, safeFileName, type TUploadFormat } from "./formats";
import { inferSchema } from "./infer";

export const uploadDir = ({ projectId, uploadId }: { projectId: string; uploadId: string }): string =>
  path.join(getDataDir(), "projects", projectId, "uploads", uploadId);

// A failed staging removes its directory; if even that fails (the storage refuses it too), the caller still gets
// the error that explains why; the leftover has no registry row, so nothing reads it.
const discardStaged = (dir: string) => rm(dir, { recursive: true, force: true }).catch(() => undefined);

/** Fails a stream with 413 once more than `limit` bytes have passed. */
export class SizeLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void) {
    this.seen += chunk.length;
    if (this.seen > this.limit)
      return callback(new PayloadTooLargeError(`The file is larger than the limit of ${this.limit} bytes`));
    callback(null, chunk);
  }
}

/**
 * Streams an uploaded file to disk (never whole in memory), checks it is what its name says, infers its
 * schema from the first rows, and records it. On any failure the directory is removed: no stray files.
 * A full or read-only data directory is a 507 / 503 naming no path (toStorageError), with nothing kept.
 */
export const stageUpload = async ({
  ctx,
  access,
  fileName,
  body,
  format: explicitFormat,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  fileName: string;
  body: ReadableStream<Uint8Array> | null;
  format?: string;
}): Promise<TUpload> => {
  const name = safeFileName(fileName);
  if (!name)
    throw new InvalidInputError("Invalid file name", [{ path: "fileName", message: "must be a plain file name" }]);
  const format = (explicitFormat as TUploadFormat | undefined) ?? formatFromFileName(name);
  if (!format || !["csv", "parquet", "jsonl"].includes(format)) {
    throw new InvalidInputError("Unsupported file type", [
      { path: "fileName", message: "must end in .csv, .parquet or .jsonl (JSON lines)" },
    ]);
  }
  if (!body)
    throw new InvalidInputError("The request has no file", [
      { path: "body", message: "send the file's bytes as the request body" },
    ]);
  const id = newId("upl");
  const dir = uploadDir({ projectId: access.project.id, uploadId: id });
  const filePath = path.join(dir, `data.${format}`);
  await withStorageErrors(() => mkdir(dir, { recursive: true }));
  try {
    await pipeline(
      Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>),
      new SizeLimit(getEnv().LARDER_MAX_UPLOAD_BYTES),
      createWriteStream(filePath),
    );
    const { size } = await stat(filePath);
    if (size === 0)
      throw new InvalidInputError("The file is empty", [{ path: "fileName", message: `${name} is empty` }]);
    const problem = await checkFileFormat({ filePath, format, sizeBytes: size });
    if (problem)
      throw new InvalidInputError(`${name} ${problem}`, [{ path: "fileName", message: `${name} ${problem}` }]);
    const inferred = await inferSchema({ filePath, format, fileName: name });
    await db.upload.create({
      data: {
        id,
        projectId: access.project.id,
        fileName: name,
        format,
        sizeBytes: BigInt(size),
        path: filePath,
        createdById: ctx.principal.userId,
      },
    });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "upload.create",
      resourceType: "upload",
      resourceId: id,
      resourceName: name,
      details: { fileName: name, format, sizeBytes: size },
    });
    return { id, fileName: name, format, sizeBytes: size, ...inferred };
  } catch (error) {
    await discardStaged(dir);
    throw toStorageError(error);
  }
};

/** Stages JSON rows from an insert request as a JSON-lines upload, so every load takes the same path. */
export const stageJsonRows = async ({
  ctx,
  access,
  rows,
  purpose,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  rows: Record<string, unknown>[];
  purpose: "insert" | "delete";
}) => {
  const id = newId("upl");
  const dir = uploadDir({ projectId: access.project.id, uploadId: id });
  const filePath = path.join(dir, "data.jsonl");
  await withStorageErrors(() => mkdir(dir, { recursive: true }));
  try {
    await pipeline(Readable.from(rows.map((row) => `${JSON.stringify(row)}\n`)), createWriteStream(filePath));
    const { size } = await stat(filePath);
    await db.upload.create({
      data: {
        id,
        projectId: access.project.id,
        fileName: `api-${purpose}.jsonl`,
        format: "jsonl",
        sizeBytes: BigInt(size),
        path: filePath,
        createdById: ctx.principal.userId,
      },
    });
    return { id, filePath };
  } catch (error) {
    await discardStaged(dir);
    throw toStorageError(error);
  }
};

export const getUpload = async ({ access, uploadId }: { access: TProjectAccess; uploadId: string }) => {
  const upload = await db.upload.findFirst({ where: { id: uploadId, projectId: access.project.id } });
  if (!upload)
    throw new InvalidInputError("Unknown upload", [
      { path: "uploadId", message: `no upload '${uploadId}' in this project` },
    ]);
  return upload;
};

export const findUploadById = async ({ projectId, uploadId }: { projectId: string; uploadId: string }) => {
  const upload = await db.upload.findFirst({ where: { id: uploadId, projectId } });
  if (!upload) throw new NotFoundError(`Upload ${uploadId} not found`);
  return upload;
};

/** Uploads are transient: once their commit has landed, the bytes go. */
export const discardUploadFile = async ({ projectId, uploadId }: { projectId: string; uploadId: string }) => {
  await rm(uploadDir({ projectId, uploadId }), { recursive: true, force: true });
};
