import "server-only";
import type { z } from "zod";
import { validateTagValue, type TLabels, type TTagTargetKind, type ZPutLabelsSchema } from "@/lib/api/tags";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere } from "../access-where";
import { withAuditEvent } from "../audit/record";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { foundVersion, InvalidInputError, NotFoundError, type TFieldIssue } from "../errors";
import { newId } from "../ids";
import type { TProjectAccess, TRequestContext, TVersionRef } from "../principal";
import { findTagSchema } from "./schemas";
import { recordDefinitionRevision } from "../registry/definition-history";

// The tags and keywords of one artifact (docs/tags.md). Reading needs the artifact's read scope, replacing them its
// write scope (the operations declare both); every replacement is audited with what was added, changed and removed.
// The search index follows in the same transaction (the migration's triggers on Tag and Keyword).

/** `version` is absent only for data sources (not versioned); the routes of every other kind pass one. */
export type TLabelTarget = { name: string; version?: number } & {
  kind: TTagTargetKind;
  access: TProjectAccess;
  feature?: string;
};
type TResolved = { kind: TTagTargetKind; targetId: string; featureName: string; resourceName: string };
type TIntent = "read" | "write";

// Models and data sources are the project's own (no sharing): read by project id.
const ownModel = async (target: TLabelTarget): Promise<TResolved> => {
  const model = await db.model.findFirst({
    where: { projectId: target.access.project.id, ...ref(target) },
    select: { id: true },
  });
  const { id } = foundVersion(model, "Model", ref(target));
  return { kind: "model", targetId: id, featureName: "", resourceName: `${target.name} v${target.version}` };
};

const ownDataSource = async (target: TLabelTarget): Promise<TResolved> => {
  const source = await db.dataSource.findFirst({
    where: { projectId: target.access.project.id, name: target.name },
    select: { id: true },
  });
  if (!source) throw new NotFoundError(`Data source '${target.name}' not found`);
  return { kind: "dataSource", targetId: source.id, featureName: "", resourceName: target.name };
};

const RESOLVERS: Record<TTagTargetKind, (target: TLabelTarget, intent: TIntent) => Promise<TResolved>> = {
  featureGroup: async (target, intent) => {
    const group = await findGroup(target, intent);
    return {
      kind: "featureGroup",
      targetId: group.id,
      featureName: "",
      resourceName: `${target.name} v${target.version}`,
    };
  },
  feature: async (target, intent) => {
    const group = await findGroup(target, intent);
    const feature = await db.feature.findUnique({
      where: { featureGroupId_name: { featureGroupId: group.id, name: target.feature ?? "" } },
      select: { name: true },
    });
    if (!feature)
      throw new NotFoundError(
        `Feature '${target.feature}' not found in feature group '${target.name}' version ${target.version}`,
      );
    return {
      kind: "feature",
      targetId: group.id,
      featureName: feature.name,
      resourceName: `${target.name} v${target.version} · ${feature.name}`,
    };
  },
  featureView: async (target, intent) => {
    const view = await db.featureView.findFirst({
      where: { ...featureViewWhere({ projectId: target.access.project.id, intent }), ...ref(target) },
      select: { id: true },
    });
    const { id } = foundVersion(view, "Feature view", ref(target));
    return { kind: "featureView", targetId: id, featureName: "", resourceName: `${target.name} v${target.version}` };
  },
  trainingDataset: async (target, intent) => {
    const dataset = await db.trainingDataset.findFirst({
      where: { ...trainingDatasetWhere({ projectId: target.access.project.id, intent }), ...ref(target) },
      select: { id: true },
    });
    const { id } = foundVersion(dataset, "Training dataset", ref(target));
    return {
      kind: "trainingDataset",
      targetId: id,
      featureName: "",
      resourceName: `${target.name} v${target.version}`,
    };
  },
  model: ownModel,
  dataSource: ownDataSource,
};

const ref = ({ name, version }: TLabelTarget): TVersionRef => ({ name, version: version! });

const findGroup = async (target: TLabelTarget, intent: TIntent) =>
  foundVersion(
    await db.featureGroup.findFirst({
      where: { ...featureGroupWhere({ projectId: target.access.project.id, intent }), ...ref(target) },
      select: { id: true },
    }),
    "Feature group",
    ref(target),
  );

const targetWhere = ({ kind, targetId, featureName }: TResolved) => ({ targetKind: kind, targetId, featureName });

const readLabels = async (resolved: TResolved, client: Prisma.TransactionClient = db): Promise<TLabels> => {
  const [tags, keywords] = await Promise.all([
    client.tag.findMany({ where: targetWhere(resolved), orderBy: { schemaName: "asc" } }),
    client.keyword.findMany({ where: targetWhere(resolved), orderBy: { keyword: "asc" } }),
  ]);
  const userIds = [...new Set(tags.flatMap((tag) => (tag.updatedById ? [tag.updatedById] : [])))];
  const users = await client.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } });
  const emailOf = new Map(users.map((user) => [user.id, user.email]));
  return {
    tags: tags.map((tag) => ({
      schema: tag.schemaName,
      version: tag.schemaVersion,
      value: tag.value as Record<string, unknown>,
      updatedBy: tag.updatedById ? (emailOf.get(tag.updatedById) ?? tag.updatedById) : null,
      updatedAt: tag.updatedAt.toISOString(),
    })),
    keywords: keywords.map((keyword) => keyword.keyword),
  };
};

export const getLabels = async (target: TLabelTarget): Promise<TLabels> =>
  readLabels(await RESOLVERS[target.kind](target, "read"));

type TValidTag = { schema: string; version: number; value: Record<string, unknown> };

/** Every tag checked against its schema version; all problems at once, each naming its field. */
const validateTags = async (tags: z.output<typeof ZPutLabelsSchema>["tags"]): Promise<TValidTag[]> => {
  const issues: TFieldIssue[] = [];
  const valid: TValidTag[] = [];
  const seen = new Set<string>();
  for (const [index, tag] of tags.entries()) {
    const path = `tags.${index}`;
    if (seen.has(tag.schema)) {
      issues.push({ path: `${path}.schema`, message: `a second '${tag.schema}' tag: one tag per schema` });
      continue;
    }
    seen.add(tag.schema);
    let schema;
    try {
      schema = await findTagSchema(
        { name: tag.schema, version: tag.version },
        tag.version ? `${path}.version` : `${path}.schema`,
      );
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      issues.push(...error.issues);
      continue;
    }
    const problems = validateTagValue(schema.fields, tag.value);
    issues.push(...problems.map((problem) => ({ path: `${path}.value.${problem.path}`, message: problem.message })));
    valid.push({ schema: schema.name, version: schema.version, value: tag.value });
  }
  if (issues.length) throw new InvalidInputError("The tags do not match their schemas", issues);
  return valid;
};

const sameJson = (left: unknown, right: unknown) => JSON.stringify(sortKeys(left)) === JSON.stringify(sortKeys(right));
const sortKeys = (value: unknown): unknown =>
  value && typeof value === "object" && !Array.isArray(value)
    ? Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, sortKeys(v)]),
      )
    : value;

export const putLabels = async ({
  ctx,
  input,
  ...target
}: TLabelTarget & { ctx: TRequestContext; input: z.output<typeof ZPutLabelsSchema> }): Promise<TLabels> => {
  const resolved = await RESOLVERS[target.kind](target, "write");
  const tags = await validateTags(input.tags);
  const keywords = [...new Set(input.keywords)];
  const projectId = target.access.project.id;
  const userId = ctx.principal.userId;
  return withAuditEvent(
    async (tx) => {
      const before = await readLabels(resolved, tx);
      const wanted = new Map(tags.map((tag) => [tag.schema, tag]));
      const removed = before.tags.filter((tag) => !wanted.has(tag.schema)).map((tag) => tag.schema);
      const changed = tags.filter((tag) => {
        const old = before.tags.find((candidate) => candidate.schema === tag.schema);
        return !old || old.version !== tag.version || !sameJson(old.value, tag.value);
      });
      if (removed.length) await tx.tag.deleteMany({ where: { ...targetWhere(resolved), schemaName: { in: removed } } });
      for (const tag of changed) {
        const data = {
          schemaVersion: tag.version,
          value: tag.value as Prisma.InputJsonValue,
          updatedById: userId,
          updatedAt: new Date(),
        };
        await tx.tag.upsert({
          where: {
            targetKind_targetId_featureName_schemaName: { ...targetWhere(resolved), schemaName: tag.schema },
          },
          create: { id: newId("tag"), projectId, ...targetWhere(resolved), schemaName: tag.schema, ...data },
          update: data,
        });
      }
      const keywordsRemoved = before.keywords.filter((keyword) => !keywords.includes(keyword));
      const keywordsAdded = keywords.filter((keyword) => !before.keywords.includes(keyword));
      if (keywordsRemoved.length)
        await tx.keyword.deleteMany({ where: { ...targetWhere(resolved), keyword: { in: keywordsRemoved } } });
      if (keywordsAdded.length)
        await tx.keyword.createMany({
          data: keywordsAdded.map((keyword) => ({ projectId, ...targetWhere(resolved), keyword, createdById: userId })),
        });
      const changedAnything = removed.length || changed.length || keywordsRemoved.length || keywordsAdded.length;
      const historyKind = resolved.kind === "feature" ? "featureGroup" : resolved.kind;
      if (changedAnything && (historyKind === "featureGroup" || historyKind === "featureView"))
        await recordDefinitionRevision({
          tx,
          kind: historyKind,
          projectId,
          entityId: resolved.targetId,
          change: "tags",
          summary: `tags of ${resolved.resourceName}`,
          actorId: userId,
        });
      return {
        labels: await readLabels(resolved, tx),
        details: {
          tagsSet: changed.map((tag) => ({ schema: tag.schema, version: tag.version, value: tag.value })),
          tagsRemoved: removed,
          keywordsAdded,
          keywordsRemoved,
        },
      };
    },
    ({ details }) => ({
      ctx,
      project: target.access.project,
      action: "tags.update",
      resourceType: resolved.kind,
      resourceId: resolved.featureName ? `${resolved.targetId}/${resolved.featureName}` : resolved.targetId,
      resourceName: resolved.resourceName,
      details,
    }),
  ).then(({ labels }) => labels);
};
