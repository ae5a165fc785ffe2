import "server-only";
import { db } from "../db/client";
import { InvalidInputError } from "../errors";
import { DeltaVersionNotFoundError, DeltaVersionVacuumedError, readChangeRows, readRows } from "../offline";
import { recordAuditEvent } from "../audit/record";
import type { TProjectAccess, TRequestContext, TVersionAction, TVersionRead } from "../principal";
import type { TCommit } from "@/lib/api/feature-groups";
import { getFeatureGroupRow } from "./feature-groups";
import { featureGroupWhere } from "../access-where";

// Reads of a feature group's data: previews as of a commit, its commit timeline, changes between commits.
// Reading feature values is audited (auditors must see who read what), metadata reads are not.

const PREVIEW_DUCKDB = { memoryLimit: "512MB", threads: 2 };

/** Audits a read of a feature group's values (`via`: preview, changes, online…), naming the group's version. */
export const recordFeatureDataRead = ({
  ctx,
  access,
  featureGroup,
  details,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  featureGroup: { id: string; name: string; version: number };
  details: Record<string, unknown> & { via: string };
}) =>
  recordAuditEvent({
    ctx,
    project: access.project,
    action: "featureData.read",
    resourceType: "featureGroup",
    resourceId: featureGroup.id,
    resourceName: `${featureGroup.name} v${featureGroup.version}`,
    details: { name: featureGroup.name, version: featureGroup.version, ...details },
  });

export const findCommits = async ({ access, name, version }: TVersionRead): Promise<TCommit[]> => {
  const featureGroup = await getFeatureGroupRow({ access, intent: "read", name, version });
  const commits = await db.featureGroupCommit.findMany({
    where: {
      featureGroupId: featureGroup.id,
      featureGroup: featureGroupWhere({ projectId: access.project.id, intent: "read" }),
    },
    orderBy: { deltaVersion: "desc" },
  });
  const userIds = [...new Set(commits.map((commit) => commit.userId).filter((id): id is string => Boolean(id)))];
  const users = new Map(
    (await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } })).map((user) => [
      user.id,
      user.email,
    ]),
  );
  return commits.map((commit) => ({
    id: commit.id,
    version: commit.deltaVersion,
    committedAt: commit.committedAt.toISOString(),
    operation: commit.operation,
    rowsInserted: Number(commit.rowsInserted),
    rowsUpdated: Number(commit.rowsUpdated),
    rowsDeleted: Number(commit.rowsDeleted),
    jobId: commit.jobId,
    user: commit.userId ? (users.get(commit.userId) ?? null) : null,
  }));
};

// A version that does not exist or was vacuumed is the caller's time-travel field, never a 500; the message
// leaves out the table's path on the server.
const versionError = (error: unknown, field: string): never => {
  if (error instanceof DeltaVersionNotFoundError) {
    const message = error.message.replace(/^Delta table [^:]+: /, "");
    throw new InvalidInputError(message, [{ path: `query.${field}`, message }]);
  }
  throw error;
};

export const previewFeatureGroup = async ({
  ctx,
  access,
  name,
  version,
  asOfVersion,
  asOfTime,
  limit,
}: TVersionAction & { asOfVersion?: number; asOfTime?: string; limit: number }) => {
  const featureGroup = await getFeatureGroupRow({ access, intent: "read", name, version });
  const asOf =
    asOfVersion !== undefined
      ? { version: asOfVersion }
      : asOfTime
        ? { timestamp: new Date(asOfTime).getTime() }
        : undefined;
  const orderBy = featureGroup.eventTime
    ? [featureGroup.eventTime, ...featureGroup.primaryKey]
    : featureGroup.primaryKey;
  const result = await readRows({
    tablePath: featureGroup.tablePath,
    asOf,
    limit,
    orderBy,
    duckdb: PREVIEW_DUCKDB,
  }).catch((error) => versionError(error, asOfVersion !== undefined ? "asOfVersion" : "asOfTime"));
  await recordFeatureDataRead({
    ctx,
    access,
    featureGroup,
    details: { asOfVersion: result.version, rows: result.rows.length, via: "preview" },
  });
  return { version: result.version, columns: result.columns, rows: result.rows };
};

export const featureGroupChanges = async ({
  ctx,
  access,
  name,
  version,
  fromVersion,
  toVersion,
  limit,
}: TVersionAction & { fromVersion: number; toVersion?: number; limit: number }) => {
  const featureGroup = await getFeatureGroupRow({ access, intent: "read", name, version });
  if (toVersion !== undefined && toVersion <= fromVersion)
    throw new InvalidInputError("toVersion must be after fromVersion", [
      {
        path: "query.toVersion",
        message: "must be greater than fromVersion (changes are those made after fromVersion)",
      },
    ]);
  const rows = await readChangeRows({
    tablePath: featureGroup.tablePath,
    fromVersion,
    toVersion,
    limit,
    duckdb: PREVIEW_DUCKDB,
  }).catch((error) =>
    versionError(
      error,
      error instanceof DeltaVersionVacuumedError && error.version === fromVersion ? "fromVersion" : "toVersion",
    ),
  );
  await recordFeatureDataRead({
    ctx,
    access,
    featureGroup,
    details: { fromVersion, toVersion, rows: rows.length, via: "changes" },
  });
  return { fromVersion, toVersion: toVersion ?? featureGroup.deltaVersion, rows };
};
