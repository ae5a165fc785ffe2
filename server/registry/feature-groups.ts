import "server-only";
import { rm } from "node:fs/promises";
import path from "node:path";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { ConflictError, foundVersion, InvalidInputError, withStorageErrors } from "../errors";
import { newId } from "../ids";
import { getDataDir } from "../env";
import { recordAuditEvent } from "../audit/record";
import { createDeltaTable } from "../offline";
import { dropOnlineFeatureGroup, initOnlineFeatureGroup } from "../online-store";
import { featureGroupWhere, preferOwn, sharedFromMarks, type TRegistryReader, type TSharedFrom } from "../access-where";
import { createVersion, lockVersionedName, VERSIONED_CREATE_TRANSACTION } from "./version-lock";
import type { TProjectAccess, TRequestContext, TVersionAction, TVersionRead } from "../principal";
import type { TCreateFeatureGroup, TFeatureGroup, TFeatureType } from "@/lib/api/feature-groups";
import { ZCreateFeatureGroupSchema } from "@/lib/api/feature-groups";
import { creatorEmail } from "./users";
import { recordDefinitionRevision } from "./definition-history";
import { deleteBreakingVersion } from "./lineage-broken";

const FEATURE_GROUP_INCLUDE = {
  features: { orderBy: { position: "asc" } },
  _count: { select: { commits: true } },
} satisfies Prisma.FeatureGroupInclude;

type TFeatureGroupRow = Prisma.FeatureGroupGetPayload<{ include: typeof FEATURE_GROUP_INCLUDE }>;

/** Where a feature group version's Delta table lives: names are validated, ids are ours. */
export const offlineTablePath = ({
  projectId,
  name,
  version,
}: {
  projectId: string;
  name: string;
  version: number;
}): string => path.join(getDataDir(), "projects", projectId, "offline", `${name}_v${version}`);

const toFeatureGroupView = (
  row: TFeatureGroupRow,
  createdBy: string | null = null,
  sharedFrom: TSharedFrom | null = null,
): TFeatureGroup => ({
  id: row.id,
  name: row.name,
  version: row.version,
  description: row.description,
  primaryKey: row.primaryKey,
  eventTime: row.eventTime,
  partitionKey: row.partitionKey,
  onlineEnabled: row.onlineEnabled,
  ttlSeconds: row.ttlSeconds,
  features: row.features.map((feature) => ({
    name: feature.name,
    type: feature.type as TFeatureType,
    description: feature.description,
    isPrimaryKey: row.primaryKey.includes(feature.name),
    isEventTime: row.eventTime === feature.name,
    isPartitionKey: row.partitionKey === feature.name,
    defaultValue: feature.defaultValue ?? null,
  })),
  rowCount: Number(row.rowCount),
  commitCount: row._count.commits,
  deltaVersion: row.deltaVersion,
  lastCommitAt: row.lastCommitAt?.toISOString() ?? null,
  onlineOutOfSyncSince: row.onlineOutOfSyncSince,
  statisticsCompleteness: row.statisticsCompleteness,
  sharedFrom,
  createdAt: row.createdAt.toISOString(),
  createdBy,
});

export const findFeatureGroups = async ({
  access,
  q,
  onlineEnabled,
  sort,
}: {
  access: TProjectAccess;
  q?: string;
  onlineEnabled?: "true" | "false";
  sort?: "name" | "updated" | "rows";
}) => {
  const rows = await db.featureGroup.findMany({
    where: {
      ...featureGroupWhere({ projectId: access.project.id, intent: "read" }),
      ...(onlineEnabled ? { onlineEnabled: onlineEnabled === "true" } : {}),
      ...(q
        ? {
            OR: [
              { name: { contains: q, mode: "insensitive" } },
              { description: { contains: q, mode: "insensitive" } },
              { features: { some: { name: { contains: q, mode: "insensitive" } } } },
            ],
          }
        : {}),
    },
    include: FEATURE_GROUP_INCLUDE,
    orderBy:
      sort === "updated"
        ? [{ updatedAt: "desc" }]
        : sort === "rows"
          ? [{ rowCount: "desc" }]
          : [{ name: "asc" }, { version: "desc" }],
  });
  const sharedFrom = await sharedFromMarks(access.project.id);
  return rows.map((row) => toFeatureGroupView(row, null, sharedFrom("featureGroup", row)));
};

/** `intent` says whether the caller only looks (`read`) or changes the group or its data (`write`): see TRegistryReader. */
export const getFeatureGroupRow = async ({
  access,
  intent,
  ...ref
}: TVersionRead & { intent: TRegistryReader["intent"] }) => {
  const rows = await db.featureGroup.findMany({
    where: { ...featureGroupWhere({ projectId: access.project.id, intent }), ...ref },
    include: FEATURE_GROUP_INCLUDE,
  });
  return foundVersion(preferOwn(rows, access.project.id), "Feature group", ref);
};

export const getFeatureGroup = async ({ access, name, version }: TVersionRead) => {
  const row = await getFeatureGroupRow({ access, intent: "read", name, version });
  const sharedFrom = await sharedFromMarks(access.project.id);
  return toFeatureGroupView(row, await creatorEmail(row), sharedFrom("featureGroup", row));
};

/**
 * Removes a feature group's table directory unless a committed registry row owns it, under the name's lock: so
 * never a table that another request has just created for the same name and version (it holds the lock until its
 * row is committed). A failure here only leaves debris, which the next creation of that version clears.
 */
const removeUnownedTable = async ({
  projectId,
  name,
  tablePath,
}: {
  projectId: string;
  name: string;
  tablePath: string;
}) => {
  await db
    .$transaction(async (tx) => {
      await lockVersionedName({ tx, entity: "featureGroup", projectId, name });
      const owner = await tx.featureGroup.findFirst({
        where: { ...featureGroupWhere({ projectId, intent: "write" }), tablePath },
        select: { id: true },
      });
      if (!owner) await rm(tablePath, { recursive: true, force: true });
    }, VERSIONED_CREATE_TRANSACTION)
    .catch((error) => console.error(`could not remove the unowned table directory of '${name}'`, error));
};

/**
 * Creates the registry entry and the empty Delta table together; if either fails, neither remains.
 * The name is claimed first (version-lock.ts): the row is inserted and the table created inside one transaction
 * holding the name's lock, so a concurrent request for the same version waits and then gets 409, and a request
 * without a version gets the next free one. Cleanup removes only the directory this request created.
 */
export const createFeatureGroup = async ({
  ctx,
  access,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  input: TCreateFeatureGroup;
}) => {
  const spec = ZCreateFeatureGroupSchema.parse(input);
  const projectId = access.project.id;
  const id = newId("fg");
  // Set once this request owns the table path (lock held, no row owns it): only then may its failure path remove it.
  let createdPath: string | null = null;
  let version: number;
  try {
    version = await createVersion({
      entity: "featureGroup",
      projectId,
      name: spec.name,
      version: spec.version,
      create: async (tx, version) => {
        const exists = await tx.featureGroup.findFirst({
          where: { ...featureGroupWhere({ projectId, intent: "write" }), name: spec.name, version },
          select: { id: true },
        });
        if (exists) throw new ConflictError(`Feature group '${spec.name}' version ${version} already exists`);
        const tablePath = offlineTablePath({ projectId, name: spec.name, version });
        await tx.featureGroup.create({
          data: {
            id,
            projectId,
            name: spec.name,
            version,
            description: spec.description,
            primaryKey: spec.primaryKey,
            eventTime: spec.eventTime ?? null,
            partitionKey: spec.partitionKey ?? null,
            onlineEnabled: spec.onlineEnabled,
            ttlSeconds: spec.ttlSeconds ?? null,
            tablePath,
            deltaVersion: 0,
            createdById: ctx.principal.userId,
            features: {
              create: spec.features.map((feature, position) => ({
                name: feature.name,
                type: feature.type,
                description: feature.description,
                position,
              })),
            },
          },
        });
        await declareParents({ tx, projectId, childId: id, parents: spec.parents });
        await recordDefinitionRevision({
          tx,
          kind: "featureGroup",
          projectId,
          entityId: id,
          change: "created",
          summary: `version ${version} with ${spec.features.length} features`,
          actorId: ctx.principal.userId,
        });
        await recordAuditEvent({
          ctx,
          project: access.project,
          action: "featureGroup.create",
          resourceType: "featureGroup",
          resourceId: id,
          resourceName: `${spec.name} v${version}`,
          details: {
            name: spec.name,
            version,
            features: spec.features.length,
            ...(spec.parents.length ? { parents: spec.parents.map((p) => `${p.name} v${p.version}`) } : {}),
          },
          tx,
        });
        // No committed row owns this path, and every creator of this name (and every deleter while it removes a
        // table) holds the lock we hold: anything there is debris from a crash between table creation and commit,
        // which must not block the version. From here the path is this request's to clean up.
        createdPath = tablePath;
        await withStorageErrors(async () => {
          await rm(tablePath, { recursive: true, force: true });
          await createDeltaTable({
            tablePath,
            schema: spec.features.map((feature) => ({
              name: feature.name,
              type: feature.type,
              description: feature.description,
            })),
            partitionColumns: spec.partitionKey ? [spec.partitionKey] : [],
            primaryKey: spec.primaryKey,
            eventTime: spec.eventTime ?? undefined,
            name: `${spec.name}_v${version}`,
            description: spec.description,
          });
        });
      },
    });
  } catch (error) {
    if (createdPath) await removeUnownedTable({ projectId, name: spec.name, tablePath: createdPath });
    throw error;
  }
  if (spec.onlineEnabled) {
    // After the registry insert: a failure here leaves a usable group whose online objects the first write creates.
    await initOnlineFeatureGroup({
      featureGroup: {
        id,
        projectId: access.project.id,
        primaryKey: spec.primaryKey,
        eventTime: spec.eventTime ?? null,
        ttlSeconds: spec.ttlSeconds ?? null,
        features: spec.features,
      },
    }).catch((error) => console.error(`online store: could not prepare feature group ${id}`, error));
  }
  return getFeatureGroup({ access, name: spec.name, version });
};

/**
 * A derived group's declared parents, as lineage edges in the creating transaction (the migration's
 * larder_lineage_declare_parent: parent → child and same-named features). A parent it cannot read is a 422 naming
 * the field. A new group cannot close a cycle (nothing is derived from it yet); server/lineage checks later changes.
 */
const declareParents = async ({
  tx,
  projectId,
  childId,
  parents,
}: {
  tx: Prisma.TransactionClient;
  projectId: string;
  childId: string;
  parents: { name: string; version: number }[];
}) => {
  if (!parents.length) return;
  const found = await tx.featureGroup.findMany({
    where: {
      ...featureGroupWhere({ projectId, intent: "read" }),
      OR: parents.map(({ name, version }) => ({ name, version })),
    },
    select: { id: true, name: true, version: true },
  });
  const ids = parents.map((p) => found.find((row) => row.name === p.name && row.version === p.version)?.id);
  const issues = parents.flatMap((p, index) =>
    ids[index]
      ? []
      : [{ path: `parents.${index}`, message: `feature group '${p.name}' version ${p.version} not found` }],
  );
  if (issues.length) throw new InvalidInputError("Unknown parent feature group", issues);
  for (const parentId of new Set(ids as string[]))
    await tx.$executeRaw`SELECT larder_lineage_declare_parent(${childId}, ${parentId})`;
};

/**
 * Deletes a version: its registry entry (commits, features) and its offline table. Refused (409) while feature
 * views use it, unless forced by an Owner (`lineage:override`): the views stay, marked broken (registry/lineage-broken).
 */
export const deleteFeatureGroup = async ({
  ctx,
  access,
  name,
  version,
  force = false,
}: TVersionAction & { force?: boolean }) => {
  const row = await getFeatureGroupRow({ access, intent: "write", name, version });
  // Feature views (and through them training datasets and models) depend on this version: say which.
  const dependents = await db.featureViewSource.findMany({
    where: { featureGroupId: row.id },
    select: { featureView: { select: { name: true, version: true } } },
  });
  const views = [
    ...new Set(dependents.map((source) => `feature view ${source.featureView.name} v${source.featureView.version}`)),
  ];
  const deleted = { kind: "feature_group" as const, id: row.id, label: `feature group ${row.name} v${row.version}` };
  await deleteBreakingVersion({
    ctx,
    access,
    entity: "featureGroup",
    row,
    deleted,
    dependents: views,
    force,
    details: { rows: Number(row.rowCount) },
  });
  // After the commit, and only if no row owns the path by then: a concurrent re-creation of this version may own it.
  await removeUnownedTable({ projectId: access.project.id, name: row.name, tablePath: row.tablePath });
  if (row.onlineEnabled) await dropOnlineFeatureGroup({ featureGroup: row });
};
