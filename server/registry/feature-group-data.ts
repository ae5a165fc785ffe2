import "server-only";
import { db } from "../db/client";
import { InvalidInputError } from "../errors";
import { DeltaVersionNotFoundError, DeltaVersionVacuumedError, readChangeRows, readRows } from "../offline";
import { recordValueRead } from "../audit/record";
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
  featureGroup: { id: string; projectId: string; name: string; version: number };
  details: Record<string, unknown> & { via: string };
}) =>
  recordValueRead({
    itemProjectIds: [featureGroup.projectId],
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

/** The preview's key filter and sort, checked against the group's columns: an unknown one is the caller's field. */
const previewShape = ({
  featureGroup,
  key,
  keyColumn,
  sort,
  order,
}: {
  featureGroup: { primaryKey: string[]; eventTime: string | null; features: { name: string }[] };
  key?: string;
  keyColumn?: string;
  sort?: string;
  order: "asc" | "desc";
}) => {
  const filterColumn = keyColumn ?? featureGroup.primaryKey[0];
  if (key !== undefined && !featureGroup.primaryKey.includes(filterColumn))
    throw new InvalidInputError(`'${filterColumn}' is not a primary-key column`, [
      { path: "query.keyColumn", message: `must be one of the primary key: ${featureGroup.primaryKey.join(", ")}` },
    ]);
  if (sort !== undefined && !featureGroup.features.some((feature) => feature.name === sort))
    throw new InvalidInputError(`'${sort}' is not a feature of this group`, [
      { path: "query.sort", message: "must be a feature of the group" },
    ]);
  const defaultOrder = featureGroup.eventTime
    ? [featureGroup.eventTime, ...featureGroup.primaryKey]
    : featureGroup.primaryKey;
  return {
    orderBy: sort ? [sort, ...featureGroup.primaryKey.filter((column) => column !== sort)] : defaultOrder,
    descending: order === "desc",
    equals: key !== undefined ? { column: filterColumn, value: key } : undefined,
  };
};

export const previewFeatureGroup = async ({
  ctx,
  access,
  name,
  version,
  asOfVersion,
  asOfTime,
  limit,
  key,
  keyColumn,
  sort,
  order = "asc",
}: TVersionAction & {
  asOfVersion?: number;
  asOfTime?: string;
  limit: number;
  key?: string;
  keyColumn?: string;
  sort?: string;
  order?: "asc" | "desc";
}) => {
  const featureGroup = await getFeatureGroupRow({ access, intent: "read", name, version });
  const shape = previewShape({ featureGroup, key, keyColumn, sort, order });
  const asOf =
    asOfVersion !== undefined
      ? { version: asOfVersion }
      : asOfTime
        ? { timestamp: new Date(asOfTime).getTime() }
        : undefined;
  const result = await readRows({
    tablePath: featureGroup.tablePath,
    asOf,
    limit,
    ...shape,
    duckdb: PREVIEW_DUCKDB,
  }).catch((error) => versionError(error, asOfVersion !== undefined ? "asOfVersion" : "asOfTime"));
  await recordFeatureDataRead({
    ctx,
    access,
    featureGroup,
    // Whether the read was filtered by a key, not the key itself: the audit log is read by Auditors too.
    details: {
      asOfVersion: result.version,
      rows: result.rows.length,
      via: "preview",
      filteredByKey: key !== undefined,
    },
  });
  return { version: result.version, columns: result.columns, rows: result.rows, rowCount: result.rowCount };
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
