import { createReadStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { db } from "../../server/db/client";
import { newId } from "../../server/ids";
import { actAsOwner } from "../../server/demo/owner-actor";
import { stageUpload } from "../../server/ingest/uploads";

/** A fresh project with an owner in the bench's scratch database, and the owner's context and access. */
export const createBenchProject = async () => {
  const owner = await db.user.create({
    data: { id: newId("usr"), email: `bench-${Date.now()}@larder.local`, name: "bench" },
  });
  const project = await db.project.create({ data: { id: newId("prj"), name: `bench_${Date.now().toString(36)}` } });
  await db.membership.create({ data: { projectId: project.id, userId: owner.id, role: "OWNER" } });
  const { ctx, access } = await actAsOwner({ projectId: project.id, ownerId: owner.id, userAgent: "bench" });
  return { owner, project, ctx, access };
};

/** Stages a file of the bench's work directory as an upload, as the upload route would. */
export const stageBenchFile = ({
  ctx,
  access,
  file,
}: Pick<Awaited<ReturnType<typeof createBenchProject>>, "ctx" | "access"> & { file: string }) =>
  stageUpload({
    ctx,
    access,
    fileName: path.basename(file),
    body: Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>,
  });
