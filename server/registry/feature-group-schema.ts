import "server-only";
import { withTableWriteLock } from "../db/table-lock";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { InvalidInputError, withStorageErrors } from "../errors";
import { recordAuditEvent } from "../audit/record";
import { recordCommit } from "./commits";
import { evolveSchema } from "../offline";
import type { TVersionAction, TVersionRead } from "../principal";
import type { ZAppendFeaturesSchema, ZUpdateFeatureGroupSchema } from "@/lib/api/feature-groups";
import type { z } from "zod";
import { getFeatureGroup, getFeatureGroupRow } from "./feature-groups";
import { recordDefinitionRevision } from "./definition-history";

// Changes to a feature group version's metadata (descriptions, TTL) and its schema (new nullable features).

/**
 * The group (for writing), after checking each named feature against its features: `known` says whether a name
 * must already be a feature (a description to change) or must not (a feature to add). 422 naming each bad one.
 */
const groupForFeatures = async ({
  access,
  name,
  version,
  features,
  known,
}: TVersionRead & { features: { name: string }[]; known: boolean }) => {
  const row = await getFeatureGroupRow({ access, intent: "write", name, version });
  const names = new Set(row.features.map((feature) => feature.name));
  const issues = features.flatMap((feature, index) =>
    names.has(feature.name) === known
      ? []
      : [
          {
            path: `features.${index}.name`,
            message: known ? `'${feature.name}' is not a feature of this group` : `'${feature.name}' already exists`,
          },
        ],
  );
  if (issues.length)
    throw new InvalidInputError(
      known
        ? "Unknown features"
        : "Features already exist; changing an existing feature is a breaking change that needs a new version",
      issues,
    );
  return row;
};

export const updateFeatureGroup = async ({
  ctx,
  access,
  name,
  version,
  input,
}: TVersionAction & { input: z.infer<typeof ZUpdateFeatureGroupSchema> }) => {
  const row = await groupForFeatures({ access, name, version, features: input.features ?? [], known: true });
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
    await recordDefinitionRevision({
      tx,
      kind: "featureGroup",
      projectId: access.project.id,
      entityId: row.id,
      change: "updated",
      summary: [
        input.description !== undefined ? "description" : "",
        input.ttlSeconds !== undefined ? `TTL ${input.ttlSeconds ?? "none"}` : "",
        ...(input.features ?? []).map((feature) => `description of ${feature.name}`),
      ]
        .filter(Boolean)
        .join(", "),
      actorId: ctx.principal.userId,
    });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "featureGroup.update",
      resourceType: "featureGroup",
      resourceId: row.id,
      resourceName: `${row.name} v${row.version}`,
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
}: TVersionAction & { input: z.infer<typeof ZAppendFeaturesSchema> }) => {
  const row = await groupForFeatures({ access, name, version, features: input.features, known: false });
  // A writer of the table like any other: shared with them, exclusive of an erasure (server/db/table-lock.ts).
  const evolved = await withTableWriteLock({ tablePath: row.tablePath, mode: "shared" }, () =>
    withStorageErrors(() =>
      evolveSchema({
        tablePath: row.tablePath,
        addColumns: input.features.map((feature) => ({
          name: feature.name,
          type: feature.type,
          default: feature.defaultValue,
          description: feature.description,
        })),
      }),
    ),
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
    await recordDefinitionRevision({
      tx,
      kind: "featureGroup",
      projectId: access.project.id,
      entityId: row.id,
      change: "featuresAppended",
      summary: input.features.map((feature) => `${feature.name} ${feature.type}`).join(", "),
      actorId: ctx.principal.userId,
    });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "featureGroup.appendFeatures",
      resourceType: "featureGroup",
      resourceId: row.id,
      resourceName: `${row.name} v${row.version}`,
      details: { features: input.features.map((f) => ({ name: f.name, type: f.type })) },
      tx,
    });
  });
  return getFeatureGroup({ access, name, version });
};
