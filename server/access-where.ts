import "server-only";
import { Prisma } from "./db/generated/client";
import { db } from "./db/client";
import { ConflictError } from "./errors";

// The one way to read a project's feature groups, feature views and training datasets (documenso's
// `buildTeamWhereQuery`): each helper builds the Prisma `where` for "what this reader may see". Today that is the
// reader's own project; sharing between projects plugs in HERE and nowhere else. A static scan
// (access-where.test.ts) fails if any server file reads these models without going through these helpers.
//
// Usage: spread the helper first, then add the caller's own filters:
//   db.featureGroup.findFirst({ where: { ...featureGroupWhere({ projectId, intent: "read" }), name, version } })
// The condition sits under `AND` so that it composes with any filter a caller adds (its own `OR` included) and a
// widened condition (an `OR` over shares) cannot be overridden by a caller's keys. Callers therefore never set a
// top-level `AND` of their own in the same object; the scan checks that too.

/**
 * Who reads, and why. `read`: to look at the entity or its data (catalog, previews, joins, serving, training):
 * sharing will widen this to what other projects share with the reader. `write`: to change the entity or its data,
 * to run its jobs, or to decide the next version of a name: always only what the reader's project owns. `ingest`: to
 * insert rows into a feature group: the reader's own, and those shared with it READ_WRITE (docs/sharing.md).
 */
export type TRegistryReader = { projectId: string; intent: "read" | "write" | "ingest" };

const projectCondition = ({ projectId }: TRegistryReader) => ({ projectId });

// Sharing (docs/sharing.md): a share from a home project counts only once the receiver's Owner accepted it; a
// revoked or declined share has another status, so it stops counting at once. `ALL` covers every item of the home
// project (present and future); `ITEMS` the listed ones. Writing through a share is not decided here: `write` stays
// the reader's own project.
const acceptedShareTo = (projectId: string, levels: string[]) => ({
  receiverProjectId: projectId,
  status: "ACCEPTED",
  level: { in: levels },
});
const wholeStoreSharedWith = (projectId: string, levels: string[]) => ({
  project: { sharesOut: { some: { ...acceptedShareTo(projectId, levels), scope: "ALL" } } },
});
const itemSharedWith = (projectId: string, levels: string[]) => ({
  shareItems: { some: { share: { ...acceptedShareTo(projectId, levels), scope: "ITEMS" } } },
});
const LEVELS_OF_INTENT = { read: ["READ", "READ_WRITE"], ingest: ["READ_WRITE"] };

const readerCondition = (reader: TRegistryReader) => {
  if (reader.intent === "write") return projectCondition(reader);
  const levels = LEVELS_OF_INTENT[reader.intent];
  return {
    OR: [
      projectCondition(reader),
      wholeStoreSharedWith(reader.projectId, levels),
      itemSharedWith(reader.projectId, levels),
    ],
  };
};

export const featureGroupWhere = (reader: TRegistryReader): Prisma.FeatureGroupWhereInput => ({
  AND: [readerCondition(reader)],
});

export const featureViewWhere = (reader: TRegistryReader): Prisma.FeatureViewWhereInput => ({
  AND: [readerCondition(reader)],
});

export const trainingDatasetWhere = (reader: TRegistryReader): Prisma.TrainingDatasetWhereInput => ({
  AND: [readerCondition(reader)],
});

/**
 * Of the rows a lookup by name and version found through a `read` helper, the reader's own one when there is one
 * (docs/sharing.md "Name collisions"): a receiver may own an item with the name and version of a shared one (made
 * after the share was accepted, or added later to a whole-store share), and its own must win. Callers look up with
 * `findMany` (at most one row per project) and pass the rows here.
 */
export const preferOwn = <T extends { projectId: string }>(rows: T[], projectId: string): T | null =>
  rows.find((row) => row.projectId === projectId) ?? rows[0] ?? null;

type TShareKind = "featureGroup" | "featureView" | "trainingDataset";
export type TSharedFrom = { project: string; level: "READ" | "READ_WRITE"; shareId: string };

/**
 * How the catalog lists mark shared items: for a reader's project, a function from an item (its kind, id and home
 * project) to the accepted share that makes it readable (`{ project: <home project's name>, level, shareId }`), or
 * null for the reader's own items. One query per list.
 */
export const sharedFromMarks = async (projectId: string) => {
  const shares = await db.share.findMany({
    where: acceptedShareTo(projectId, ["READ", "READ_WRITE"]),
    select: {
      id: true,
      homeProjectId: true,
      scope: true,
      level: true,
      homeProject: { select: { name: true } },
      items: { select: { featureGroupId: true, featureViewId: true, trainingDatasetId: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const mark = (share: (typeof shares)[number]): TSharedFrom => ({
    project: share.homeProject.name,
    level: share.level as TSharedFrom["level"],
    shareId: share.id,
  });
  return (kind: TShareKind, item: { id: string; projectId: string }): TSharedFrom | null => {
    if (item.projectId === projectId) return null;
    const covering = shares.filter(
      (share) =>
        share.homeProjectId === item.projectId &&
        (share.scope === "ALL" || share.items.some((listed) => listed[`${kind}Id`] === item.id)),
    );
    // READ_WRITE wins over READ when both cover the item.
    const best = covering.find((share) => share.level === "READ_WRITE") ?? covering[0];
    return best ? mark(best) : null;
  };
};

/**
 * Why a feature group a reader's feature view uses is no longer readable: a share of it (whole store or the item)
 * from its home project to the reader was revoked. Null when no revoked share explains it (the group was deleted).
 */
const revokedShareOf = async ({ projectId, featureGroupId }: { projectId: string; featureGroupId: string }) => {
  const group = await db.featureGroup.findUnique({ where: { id: featureGroupId }, select: { projectId: true } });
  if (!group || group.projectId === projectId) return null;
  return db.share.findFirst({
    where: {
      receiverProjectId: projectId,
      homeProjectId: group.projectId,
      status: "REVOKED",
      OR: [{ scope: "ALL" }, { items: { some: { featureGroupId } } }],
    },
    orderBy: { revokedAt: "desc" },
    select: { id: true, revokedAt: true, homeProject: { select: { name: true } } },
  });
};

/**
 * The 409 for a feature view whose source group the reader can no longer read: naming the revoked share and the
 * home project when a revocation is why (docs/sharing.md "After revocation"), else the forced delete's message.
 */
export const unreadableSourceError = async ({
  projectId,
  view,
  source,
}: {
  projectId: string;
  view: { name: string; version: number };
  source: { featureGroupId: string | null; name: string; version: number };
}) => {
  const revoked = source.featureGroupId
    ? await revokedShareOf({ projectId, featureGroupId: source.featureGroupId })
    : null;
  if (revoked)
    return new ConflictError(
      `Feature view ${view.name} v${view.version} cannot read its feature group ${source.name} v${source.version}: ` +
        `project '${revoked.homeProject.name}' revoked share ${revoked.id}` +
        (revoked.revokedAt ? ` on ${revoked.revokedAt.toISOString()}` : ""),
    );
  return new ConflictError(
    `Feature view ${view.name} v${view.version} is broken: its feature group ${source.name} v${source.version} was deleted`,
  );
};

/**
 * The revoked shares behind the groups a reader's training dataset was made from (its pins): the dataset's files
 * are the reader's and stay readable, but it says it was made from sources no longer shared with it.
 */
export const revokedSourcesOf = async ({
  projectId,
  featureGroupIds,
}: {
  projectId: string;
  featureGroupIds: string[];
}) => {
  const foreign = await db.featureGroup.findMany({
    where: { id: { in: featureGroupIds }, NOT: { projectId } },
    select: { id: true, name: true, version: true, projectId: true },
  });
  if (!foreign.length) return [];
  const readable = new Set(
    (
      await db.featureGroup.findMany({
        where: { ...featureGroupWhere({ projectId, intent: "read" }), id: { in: foreign.map(({ id }) => id) } },
        select: { id: true },
      })
    ).map(({ id }) => id),
  );
  const revoked = [];
  for (const group of foreign.filter(({ id }) => !readable.has(id))) {
    const share = await revokedShareOf({ projectId, featureGroupId: group.id });
    if (share)
      revoked.push({
        featureGroupId: group.id,
        featureGroup: `${group.name} v${group.version}`,
        project: share.homeProject.name,
        shareId: share.id,
      });
  }
  return revoked;
};

// The search document kinds sharing covers, and the entity each names (a feature: its group's id).
const SHARED_SEARCH_KINDS = new Set(["featureGroup", "feature", "featureView", "trainingDataset"]);

/** An ACCEPTED share with one of the reader's projects, as searchDocumentWhere needs it. */
export type TAcceptedShare = {
  receiverProjectId: string;
  homeProjectId: string;
  scope: string;
  items: { featureGroupId: string | null; featureViewId: string | null; trainingDatasetId: string | null }[];
};

/**
 * The catalog search index (larder_search.document, aliased `d`): which documents a reader may find, per kind, as
 * SQL. `readable` lists, for each kind, the projects whose role (or API key) lets the reader read that kind; a
 * document of a shared kind is also found when its home project shares it (`shares`: the ACCEPTED shares whose
 * receiver is one of the reader's projects; all of the home project, or that item) with one of those projects — the
 * reader's role in the receiving project decides, as for its own items. The shares are resolved here into plain id
 * lists (a whole-store share: its home project; an item share: the item's id, which is also its features'
 * `entity_id`), so the SQL has no correlated subquery per document.
 */
export const searchDocumentWhere = (
  readable: { kind: string; projectIds: string[] }[],
  shares: TAcceptedShare[],
): Prisma.Sql => {
  const allowed = readable.filter(({ projectIds }) => projectIds.length);
  if (!allowed.length) return Prisma.sql`FALSE`;
  const perKind = allowed.map(({ kind, projectIds }) => {
    const received = SHARED_SEARCH_KINDS.has(kind)
      ? shares.filter((share) => projectIds.includes(share.receiverProjectId))
      : [];
    const projects = [
      ...new Set([
        ...projectIds,
        ...received.filter((share) => share.scope === "ALL").map((share) => share.homeProjectId),
      ]),
    ].sort();
    const items = [
      ...new Set(
        received
          .filter((share) => share.scope !== "ALL")
          .flatMap((share) =>
            share.items.flatMap((item) =>
              [item.featureGroupId, item.featureViewId, item.trainingDatasetId].filter((id): id is string => !!id),
            ),
          ),
      ),
    ].sort();
    return { kind, projects, items };
  });
  // Kinds readable in the same projects share one condition (the common case: one condition for every kind), which
  // keeps the statement small to plan and cheap to test per document.
  const groups = new Map<string, { kinds: string[]; projects: string[]; items: string[] }>();
  for (const { kind, projects, items } of perKind) {
    const key = JSON.stringify([projects, items]);
    const group = groups.get(key) ?? { kinds: [], projects, items };
    group.kinds.push(kind);
    groups.set(key, group);
  }
  // `readable` names every kind of the index (server/search/access.ts): when all are readable alike, no kind test.
  const everyKind = allowed.length === readable.length && groups.size === 1;
  return Prisma.sql`(${Prisma.join(
    [...groups.values()].map(({ kinds, projects, items }) => {
      const where = items.length
        ? Prisma.sql`(d.project_id = ANY(${projects}::text[]) OR d.entity_id = ANY(${items}::text[]))`
        : Prisma.sql`d.project_id = ANY(${projects}::text[])`;
      return everyKind ? where : Prisma.sql`(d.kind = ANY(${kinds}::text[]) AND ${where})`;
    }),
    " OR ",
  )})`;
};
// Discovery (docs/sharing.md): the kinds a discoverable project shows to non-members — never features (their
// types and statistics are the data's shape), datasets, models or sources.
const DISCOVERABLE_SEARCH_KINDS = ["featureGroup", "featureView"];

/** The search documents of discoverable projects the reader is not a member of (`projectIds`): metadata only. */
export const discoverableDocumentWhere = (projectIds: string[]): Prisma.Sql =>
  projectIds.length
    ? Prisma.sql`(d.kind = ANY(${DISCOVERABLE_SEARCH_KINDS}::text[]) AND d.project_id = ANY(${projectIds}::text[]))`
    : Prisma.sql`FALSE`;
