import "server-only";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { InvalidInputError, NotFoundError } from "../errors";
import { featureGroupWhere, featureViewWhere } from "../access-where";
import type { TProjectAccess } from "../principal";
import { diffDefinitions } from "@/lib/definition-diff";
import {
  parseSelector,
  type TDefinitionDiff,
  type TDefinitionHistory,
  type TRevision,
  type TRevisionSelector,
} from "@/lib/api/history";

// Definition history (docs/history.md): every change to a feature group's or feature view's definition appends one
// DefinitionRevision holding the whole definition after it, in the transaction of the change (the callers:
// feature-groups.ts, feature-group-schema.ts, version-lock.ts's deleteVersion, feature-views and tags). Reading
// compares any two revisions of a name, across its versions, as a side-by-side line diff.

export type TDefinitionKind = "featureGroup" | "featureView";
type TChange = TRevision["change"];
type TTx = Prisma.TransactionClient;

const LABEL: Record<TDefinitionKind, string> = { featureGroup: "Feature group", featureView: "Feature view" };

/** The tags and keywords of an entity (and, for a group, of its features), as definition lines. */
const labelsOf = async (tx: TTx, kind: TDefinitionKind, entityId: string) => {
  const kinds = kind === "featureGroup" ? ["featureGroup", "feature"] : ["featureView"];
  const [tags, keywords] = await Promise.all([
    tx.tag.findMany({
      where: { targetKind: { in: kinds }, targetId: entityId },
      orderBy: [{ featureName: "asc" }, { schemaName: "asc" }],
    }),
    tx.keyword.findMany({
      where: { targetKind: { in: kinds }, targetId: entityId },
      orderBy: [{ featureName: "asc" }, { keyword: "asc" }],
    }),
  ]);
  const on = (featureName: string) => (featureName ? `${featureName}: ` : "");
  return {
    tags: tags.map(
      (tag) => `${on(tag.featureName)}${tag.schemaName} v${tag.schemaVersion} ${JSON.stringify(tag.value)}`,
    ),
    keywords: keywords.map((keyword) => `${on(keyword.featureName)}${keyword.keyword}`),
  };
};

type TEntity = { id: string; name: string; version: number; definition: Record<string, unknown> };

const groupDefinition = async (tx: TTx, projectId: string, id: string): Promise<TEntity> => {
  const group = await tx.featureGroup.findFirstOrThrow({
    where: { ...featureGroupWhere({ projectId, intent: "write" }), id },
    include: { features: { orderBy: { position: "asc" } } },
  });
  return {
    id,
    name: group.name,
    version: group.version,
    definition: {
      description: group.description,
      keys: {
        primaryKey: group.primaryKey.join(", "),
        eventTime: group.eventTime,
        partitionKey: group.partitionKey,
      },
      settings: { onlineEnabled: group.onlineEnabled, ttlSeconds: group.ttlSeconds },
      features: group.features.map(
        (feature) =>
          `${feature.name} ${feature.type}` +
          (feature.defaultValue !== null ? ` DEFAULT ${JSON.stringify(feature.defaultValue)}` : "") +
          (feature.description ? ` — ${feature.description}` : ""),
      ),
      ...(await labelsOf(tx, "featureGroup", id)),
    },
  };
};

const viewDefinition = async (tx: TTx, projectId: string, id: string): Promise<TEntity> => {
  const view = await tx.featureView.findFirstOrThrow({
    where: { ...featureViewWhere({ projectId, intent: "write" }), id },
  });
  const spec = view.spec as Record<string, unknown>;
  return {
    id,
    name: view.name,
    version: view.version,
    definition: {
      description: view.description,
      root: spec.root ?? null,
      joins: spec.joins ?? [],
      labels: spec.labels ?? [],
      filter: spec.filter ?? null,
      transformations: spec.transformations ?? [],
      requestParameters: spec.requestParameters ?? [],
      onDemandFeatures: spec.onDemandFeatures ?? [],
      helperColumns: {
        training: spec.trainingHelperColumns ?? [],
        inference: spec.inferenceHelperColumns ?? [],
      },
      ...(await labelsOf(tx, "featureView", id)),
    },
  };
};

/**
 * Appends a revision of one entity's definition as it stands in `tx` (call it after the change, or before a
 * deletion with change `deleted`).
 */
export const recordDefinitionRevision = async ({
  tx,
  kind,
  projectId,
  entityId,
  change,
  summary = "",
  actorId,
}: {
  tx: TTx;
  kind: TDefinitionKind;
  projectId: string;
  entityId: string;
  change: TChange;
  summary?: string;
  actorId: string | null;
}) => {
  const entity = await (kind === "featureGroup" ? groupDefinition : viewDefinition)(tx, projectId, entityId);
  await tx.definitionRevision.create({
    data: {
      projectId,
      kind,
      entityId,
      name: entity.name,
      version: entity.version,
      change,
      summary: summary.slice(0, 500),
      definition: entity.definition as Prisma.InputJsonValue,
      actorId,
    },
  });
};

/**
 * Which revisions of a name the caller reads: its own project's (deleted versions included), else those of the
 * versions another project shares with it (docs/sharing.md), found through access-where.
 */
const revisionScope = async ({
  access,
  kind,
  name,
}: {
  access: TProjectAccess;
  kind: TDefinitionKind;
  name: string;
}) => {
  const reader = { projectId: access.project.id, intent: "read" } as const;
  const select = { id: true, projectId: true };
  const readable =
    kind === "featureGroup"
      ? await db.featureGroup.findMany({ where: { ...featureGroupWhere(reader), name }, select })
      : await db.featureView.findMany({ where: { ...featureViewWhere(reader), name }, select });
  const shared = readable.filter(({ projectId }) => projectId !== access.project.id);
  if (!shared.length || shared.length < readable.length) return { projectId: access.project.id, kind, name };
  return { kind, name, entityId: { in: shared.map(({ id }) => id) } };
};

const revisionsOf = async ({ access, kind, name }: { access: TProjectAccess; kind: TDefinitionKind; name: string }) => {
  const rows = await db.definitionRevision.findMany({
    where: await revisionScope({ access, kind, name }),
    orderBy: { id: "asc" },
  });
  if (!rows.length) throw new NotFoundError(`${LABEL[kind]} '${name}' not found`);
  const actorIds = [...new Set(rows.flatMap((row) => (row.actorId ? [row.actorId] : [])))];
  const users = await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } });
  const emailOf = new Map(users.map((user) => [user.id, user.email]));
  return rows.map((row, index) => ({
    revision: index + 1,
    version: row.version,
    change: row.change as TChange,
    summary: row.summary,
    at: row.at.toISOString(),
    actor: row.actorId ? (emailOf.get(row.actorId) ?? row.actorId) : null,
    definition: row.definition as Record<string, unknown>,
    atDate: row.at,
  }));
};

export const getDefinitionHistory = async (args: {
  access: TProjectAccess;
  kind: TDefinitionKind;
  name: string;
}): Promise<TDefinitionHistory> => ({
  name: args.name,
  revisions: (await revisionsOf(args)).map(({ definition: _definition, atDate: _at, ...revision }) => revision),
});

type TRevisionRow = Awaited<ReturnType<typeof revisionsOf>>[number];

const pick = (rows: TRevisionRow[], selector: TRevisionSelector, field: string, text: string): TRevisionRow => {
  const found =
    "revision" in selector
      ? rows[selector.revision - 1]
      : rows.findLast(
          (row) => row.version === selector.version && (!selector.at || row.atDate.getTime() <= selector.at.getTime()),
        );
  if (!found)
    throw new InvalidInputError(`No revision matches '${text}'`, [
      { path: `query.${field}`, message: `no revision '${text}' of this name` },
    ]);
  return found;
};

/** The two revisions the selectors name and their section-by-section diff (422 naming a selector that matches none). */
export const diffDefinitionRevisions = async ({
  from,
  to,
  ...args
}: {
  access: TProjectAccess;
  kind: TDefinitionKind;
  name: string;
  from: string;
  to: string;
}): Promise<TDefinitionDiff> => {
  const rows = await revisionsOf(args);
  const left = pick(rows, parseSelector(from), "from", from);
  const right = pick(rows, parseSelector(to), "to", to);
  const strip = ({ atDate: _at, ...revision }: TRevisionRow) => revision;
  return {
    name: args.name,
    from: strip(left),
    to: strip(right),
    sections: diffDefinitions(left.definition, right.definition),
  };
};
