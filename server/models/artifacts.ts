import "server-only";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { db } from "../db/client";
import { getEnv } from "../env";
import { InvalidInputError, NotFoundError, toStorageError, withStorageErrors } from "../errors";
import { newId } from "../ids";
import { withAuditEvent } from "../audit/record";
import { safeFileName } from "../ingest/formats";
import { SizeLimit } from "../ingest/uploads";
import type { TVersionAction, TVersionRead } from "../principal";
import { getModel, getModelRow, modelDir } from "./models";

// A model's artifact (docs/models.md): streamed to a temporary file beside the model's directory under the data
// directory, size-limited (LARDER_MAX_ARTIFACT_BYTES, 413 beyond), then renamed into place and recorded. A refused
// or failed upload leaves no file; a replaced artifact's old file is removed once the new one is recorded.

class Digest extends Transform {
  readonly hash = createHash("sha256");
  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void) {
    this.hash.update(chunk);
    callback(null, chunk);
  }
}

export const putModelArtifact = async ({
  ctx,
  access,
  name,
  version,
  fileName,
  body,
}: TVersionAction & { fileName: string; body: ReadableStream<Uint8Array> | null }) => {
  const row = await getModelRow({ access, name, version });
  const plain = safeFileName(fileName);
  if (!plain)
    throw new InvalidInputError("Invalid file name", [
      { path: "query.fileName", message: "must be a plain file name" },
    ]);
  if (!body)
    throw new InvalidInputError("The request has no file", [
      { path: "body", message: "send the artifact's bytes as the request body" },
    ]);
  const dir = modelDir({ projectId: access.project.id, modelId: row.id });
  const staged = path.join(dir, `.upload-${newId("art")}`);
  const finalPath = path.join(dir, `artifact-${newId("art")}`);
  await withStorageErrors(() => mkdir(dir, { recursive: true }));
  const digest = new Digest();
  try {
    await pipeline(
      Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>),
      new SizeLimit(getEnv().LARDER_MAX_ARTIFACT_BYTES),
      digest,
      createWriteStream(staged),
    );
    const { size } = await stat(staged);
    if (size === 0) throw new InvalidInputError("The file is empty", [{ path: "body", message: "the file is empty" }]);
    await rename(staged, finalPath);
    const sha256 = digest.hash.digest("hex");
    await withAuditEvent(
      (tx) =>
        tx.model.update({
          where: { id: row.id },
          data: {
            artifactPath: finalPath,
            artifactFileName: plain,
            artifactSizeBytes: BigInt(size),
            artifactSha256: sha256,
          },
        }),
      () => ({
        ctx,
        project: access.project,
        action: "model.artifact",
        resourceType: "model",
        resourceId: row.id,
        resourceName: `${row.name} v${row.version}`,
        details: { fileName: plain, sizeBytes: size, sha256 },
      }),
    );
  } catch (error) {
    await rm(staged, { force: true }).catch(() => undefined);
    await rm(finalPath, { force: true }).catch(() => undefined);
    throw toStorageError(error);
  }
  if (row.artifactPath) await rm(row.artifactPath, { force: true }).catch(() => undefined);
  return getModel({ access, name, version });
};

/** The artifact's file as a download. */
export const downloadModelArtifact = async ({ access, name, version }: TVersionRead) => {
  const row = await getModelRow({ access, name, version });
  if (!row.artifactPath || !row.artifactFileName)
    throw new NotFoundError(`Model '${name}' version ${version} has no artifact`);
  const stream = Readable.toWeb(createReadStream(row.artifactPath)) as unknown as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(row.artifactSizeBytes ?? 0),
      "content-disposition": `attachment; filename="${row.artifactFileName.replace(/[^\x20-\x7e]|["\\]/g, "_")}"`,
    },
  });
};
