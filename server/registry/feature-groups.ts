import "server-only";
import { rm } from "node:fs/promises";
import path from "node:path";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { ConflictError, InvalidInputError, NotFoundError, withStorageErrors } from "../errors";
import { newId } from "../ids";
import { getDataDir } from "../env";
import { recordAuditEvent } from "../audit/record";
import { recordCommit } from "./commits";
import { createDeltaTable, evolveSchema } from "../offline";
import { dropOnlineFeatureGroup, initOnlineFeatureGroup } from "../online-store";
import { featureGroupWhere, type TRegistryReader } from "../access-where";
import { lockVersionedName, VERSIONED_CREATE_TRANSACTION } from "./version-lock";
import type { TProjectAccess, TRequestContext } from "../principal";
import type { TCreateFeatureGroup, TFeatureGroup, TFeatureType } from "@/lib/api/feature-groups";
import { ZAppendFeaturesSchema, ZCreateFeatureGroupSchema, ZUpdateFeatureGroupSchema } from "@/lib/api/feature-groups";
import type { z } from "zod";

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

const toFeatureGroupView = (row: TFeatureGroupRow, createdBy: string | null = null): TFeatureGroup => ({
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
  return rows.map((row) => toFeatureGroupView(row));
};

/** `intent` says whether the caller only looks (`read`) or changes the group or its data (`write`): see TRegistryReader. */
export const getFeatureGroupRow = async ({
  access,
  intent,
  name,
  version,
}: {
  access: TProjectAccess;
  intent: TRegistryReader["intent"];
  name: string;
  version: number | string;
}) => {
  const parsedVersion = Number(version);
  if (!Number.isInteger(parsedVersion) || parsedVersion < 1)
    throw new NotFoundError(`Feature group '${name}' version '${version}' not found`);
  const row = await db.featureGroup.findFirst({
    where: { ...featureGroupWhere({ projectId: access.project.id, intent }), name, version: parsedVersion },
    include: FEATURE_GROUP_INCLUDE,
  });
  if (!row) throw new NotFoundError(`Feature group '${name}' version ${parsedVersion} not found`);
  return row;
};

export const getFeatureGroup = async ({
  access,
  name,
  version,
}: {
  access: TProjectAccess;
  name: string;
  version: number | string;
}) => {
  const row = await getFeatureGroupRow({ access, intent: "read", name, version });
  const creator = row.createdById
    ? await db.user.findUnique({ where: { id: row.createdById }, select: { email: true } })
    : null;
  return toFeatureGroupView(row, creator?.email ?? null);
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
  let version = spec.version ?? 0;
  try {
    await db.$transaction(async (tx) => {
      await lockVersionedName({ tx, entity: "featureGroup", projectId, name: spec.name });
      const latest = await tx.featureGroup.findFirst({
        where: { ...featureGroupWhere({ projectId, intent: "write" }), name: spec.name },
        orderBy: { version: "desc" },
        select: { version: true },
      });
      version = spec.version ?? (latest ? latest.version + 1 : 1);
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
      await recordAuditEvent({
        ctx,
        project: access.project,
        action: "featureGroup.create",
        resourceType: "featureGroup",
        resourceId: id,
        resourceName: `${spec.name} v${version}`,
        details: { name: spec.name, version, features: spec.features.length },
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
    }, VERSIONED_CREATE_TRANSACTION);
  } catch (error) {
    if (createdPath) await removeUnownedTable({ projectId, name: spec.name, tablePath: createdPath });
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new ConflictError(`Feature group '${spec.name}' version ${version} already exists`);
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

export const updateFeatureGroup = async ({
  ctx,
  access,
  name,
  version,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  version: string;
  input: z.infer<typeof ZUpdateFeatureGroupSchema>;
}) => {
  const row = await getFeatureGroupRow({ access, intent: "write", name, version });
  const known = new Set(row.features.map((feature) => feature.name));
  const unknown = (input.features ?? [])
    .map((feature, index) => ({ feature, index }))
    .filter(({ feature }) => !known.has(feature.name));
  if (unknown.length)
    throw new InvalidInputError(
      "Unknown features",
      unknown.map(({ feature, index }) => ({
        path: `features.${index}.name`,
        message: `'${feature.name}' is not a feature of this group`,
      })),
    );
  await db.$transaction(async (tx) => {
    if (input.description !== undefined || input.ttlSeconds !== undefined) {
      await tx.featureGroup.update({
        where: { id: row.id },
        data: {
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.ttlSeconds !== undefined ? { ttlSeconds: input.ttlSeconds } : {}),
          updatedAt: new Date(),
        },
      });
    }
    for (const feature of input.features ?? []) {
      await tx.feature.update({
        where: { featureGroupId_name: { featureGroupId: row.id, name: feature.name } },
        data: { description: feature.description },
      });
    }
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "featureGroup.update",
      resourceType: "featureGroup",
      resourceId: row.id,
      resourceName: `${name} v${row.version}`,
      details: {
        description: input.description !== undefined,
        ttlSeconds: input.ttlSeconds,
        features: (input.features ?? []).map((f) => f.name),
      },
      tx,
    });
  });
  return getFeatureGroup({ access, name, version });
};

/**
 * Non-breaking schema evolution: new nullable features. A default is written into the rows stored before them
 * (one data-changing Delta commit), so every Delta reader, not only Larder, reads it there.
 */
export const appendFeatures = async ({
  ctx,
  access,
  name,
  version,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  version: string;
  input: z.infer<typeof ZAppendFeaturesSchema>;
}) => {
  const row = await getFeatureGroupRow({ access, intent: "write", name, version });
  const known = new Set(row.features.map((feature) => feature.name));
  const clashes = input.features
    .map((feature, index) => ({ feature, index }))
    .filter(({ feature }) => known.has(feature.name));
  if (clashes.length) {
    throw new InvalidInputError(
      "Features already exist; changing an existing feature is a breaking change that needs a new version",
      clashes.map(({ feature, index }) => ({
        path: `features.${index}.name`,
        message: `'${feature.name}' already exists`,
      })),
    );
  }
  const evolved = await withStorageErrors(() =>
    evolveSchema({
      tablePath: row.tablePath,
      addColumns: input.features.map((feature) => ({
        name: feature.name,
        type: feature.type,
        default: feature.defaultValue,
        description: feature.description,
      })),
    }),
  );
  await db.$transaction(async (tx) => {
    const start = row.features.length;
    await tx.feature.createMany({
      data: input.features.map((feature, index) => ({
        featureGroupId: row.id,
        name: feature.name,
        type: feature.type,
        description: feature.description,
        position: start + index,
        defaultValue: feature.defaultValue === null ? Prisma.JsonNull : feature.defaultValue,
      })),
    });
    await tx.featureGroup.update({ where: { id: row.id }, data: { updatedAt: new Date() } });
    await recordCommit({
      featureGroupId: row.id,
      deltaVersion: evolved.version,
      operation: "ADD COLUMNS",
      // Defaults are written into every existing row by this same commit (docs/feature-groups.md).
      rows: { inserted: 0, updated: evolved.rowsBackfilled, deleted: 0 },
      rowCount: Number(row.rowCount),
      userId: ctx.principal.userId,
      tx,
    });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "featureGroup.appendFeatures",
      resourceType: "featureGroup",
      resourceId: row.id,
      resourceName: `${name} v${row.version}`,
      details: { features: input.features.map((f) => ({ name: f.name, type: f.type })) },
      tx,
    });
  });
  return getFeatureGroup({ access, name, version });
};

/** Deletes a version: its registry entry (commits, features) and its offline table. */
export const deleteFeatureGroup = async ({
  ctx,
  access,
  name,
  version,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  version: string;
}) => {
  const row = await getFeatureGroupRow({ access, intent: "write", name, version });
  // Feature views (and through them training datasets and models) depend on this version: say which.
  const dependents = await db.featureViewSource.findMany({
    where: { featureGroupId: row.id },
    select: { featureView: { select: { name: true, version: true } } },
  });
  if (dependents.length) {
    const views = [...new Set(dependents.map((source) => `${source.featureView.name} v${source.featureView.version}`))];
    throw new ConflictError(
      `Feature group '${name}' version ${row.version} is used by feature view${views.length > 1 ? "s" : ""} ${views.join(", ")}; delete ${views.length > 1 ? "them" : "it"} first`,
    );
  }
  await db.$transaction(async (tx) => {
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "featureGroup.delete",
      resourceType: "featureGroup",
      resourceId: row.id,
      resourceName: `${name} v${row.version}`,
      details: { name, version: row.version, rows: Number(row.rowCount) },
      tx,
    });
    await tx.featureGroup.delete({ where: { id: row.id } });
  });
  // After the commit, and only if no row owns the path by then: a concurrent re-creation of this version may own it.
  await removeUnownedTable({ projectId: access.project.id, name: row.name, tablePath: row.tablePath });
  if (row.onlineEnabled) await dropOnlineFeatureGroup({ featureGroup: row });
};
