import "server-only";
import { db } from "../db/client";
import { InvalidInputError } from "../errors";
import { enqueueJob } from "../jobs/enqueue";
import type { TVersionAction } from "../principal";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { getFeatureGroupRow } from "../registry/feature-groups";
import { getUpload, stageJsonRows, discardUploadFile } from "./uploads";
import { validateJsonRows } from "./validate-rows";

/**
 * Accepts rows (JSON, checked here: a 422 names each bad cell and nothing is staged) or a staged upload
 * (checked by the job, which fails with the reason), and enqueues the ingest job that commits them.
 */
export const insertIntoFeatureGroup = async ({
  ctx,
  access,
  name,
  version,
  rows,
  uploadId,
}: TVersionAction & { rows?: Record<string, unknown>[]; uploadId?: string }) => {
  // Rows may go into a group shared with this project READ_WRITE; an upload is staged in the caller's own project,
  // so it goes only into the project's own groups (docs/sharing.md).
  const featureGroup = await getFeatureGroupRow({ access, intent: rows ? "ingest" : "write", name, version });
  if (featureGroup.projectId !== access.project.id) {
    // A shared group: the job is the home project's (where the data lives), asked for by this project; the rows
    // are staged there. The caller's role here decides, as for any operation of this project.
    const home = await db.project.findUniqueOrThrow({
      where: { id: featureGroup.projectId },
      select: { id: true, name: true },
    });
    return insertRows({
      ctx,
      access: { ...access, project: home },
      featureGroup,
      rows: rows!,
      requestedBy: access.project,
    });
  }
  if (rows) return insertRows({ ctx, access, featureGroup, rows });
  const stagedUploadId = (await getUpload({ access, uploadId: uploadId! })).id;
  const job = await enqueueJob({
    ctx,
    access,
    type: "ingest",
    payload: { featureGroupId: featureGroup.id, uploadId: stagedUploadId, mode: "upsert" },
    featureGroupId: featureGroup.id,
  });
  return { job };
};

const insertRows = async ({
  ctx,
  access,
  featureGroup,
  rows,
  requestedBy = null,
}: Pick<TVersionAction, "ctx" | "access"> & {
  featureGroup: Awaited<ReturnType<typeof getFeatureGroupRow>>;
  rows: Record<string, unknown>[];
  requestedBy?: { id: string; name: string } | null;
}) => {
  const issues = validateJsonRows({
    rows,
    features: featureGroup.features.map((feature) => ({ name: feature.name, type: feature.type as TFeatureType })),
    requiredColumns: [...featureGroup.primaryKey, ...(featureGroup.eventTime ? [featureGroup.eventTime] : [])],
    partitionKey: featureGroup.partitionKey,
  });
  if (issues.length)
    throw new InvalidInputError(
      `${issues.length === 20 ? "20 or more" : issues.length} invalid value${issues.length > 1 ? "s" : ""}; nothing was written`,
      issues,
    );
  const stagedUploadId = (await stageJsonRows({ ctx, access, rows, purpose: "insert" })).id;
  try {
    const job = await enqueueJob({
      ctx,
      access,
      type: "ingest",
      payload: { featureGroupId: featureGroup.id, uploadId: stagedUploadId, mode: "upsert" },
      featureGroupId: featureGroup.id,
      requestedBy,
    });
    return { job };
  } catch (error) {
    await discardUploadFile({ projectId: access.project.id, uploadId: stagedUploadId });
    throw error;
  }
};

/** Deletes rows by primary key (all event times) as one commit, through the same ingest job. */
export const deleteRowsByKey = async ({
  ctx,
  access,
  name,
  version,
  keys,
}: TVersionAction & { keys: Record<string, unknown>[] }) => {
  const featureGroup = await getFeatureGroupRow({ access, intent: "write", name, version });
  const keyFeatures = featureGroup.features
    .filter((feature) => featureGroup.primaryKey.includes(feature.name))
    .map((feature) => ({ name: feature.name, type: feature.type as TFeatureType }));
  const issues = validateJsonRows({ rows: keys, features: keyFeatures, requiredColumns: featureGroup.primaryKey }).map(
    (issue) => ({ ...issue, path: issue.path.replace(/^rows\./, "keys.") }),
  );
  if (issues.length) throw new InvalidInputError("Invalid keys; nothing was deleted", issues);
  const staged = await stageJsonRows({ ctx, access, rows: keys, purpose: "delete" });
  try {
    const job = await enqueueJob({
      ctx,
      access,
      type: "ingest",
      payload: { featureGroupId: featureGroup.id, uploadId: staged.id, mode: "delete" },
      featureGroupId: featureGroup.id,
    });
    return { job };
  } catch (error) {
    await discardUploadFile({ projectId: access.project.id, uploadId: staged.id });
    throw error;
  }
};
