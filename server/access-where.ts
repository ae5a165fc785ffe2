import "server-only";
import { Prisma } from "./db/generated/client";

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

// The search document kinds sharing covers, and the entity each names (a feature: its group's id).
const SHARED_SEARCH_KINDS = new Set(["featureGroup", "feature", "featureView", "trainingDataset"]);

/**
 * The catalog search index (larder_search.document, aliased `d`): which documents a reader may find, per kind, as
 * SQL. `readable` lists, for each kind, the projects whose role (or API key) lets the reader read that kind; a
 * document of a shared kind is also found when its home project shares it (ACCEPTED, all or that item) with one of
 * those projects — the reader's role in the receiving project decides, as for its own items.
 */
export const searchDocumentWhere = (readable: { kind: string; projectIds: string[] }[]): Prisma.Sql => {
  const allowed = readable.filter(({ projectIds }) => projectIds.length);
  if (!allowed.length) return Prisma.sql`FALSE`;
  return Prisma.sql`(${Prisma.join(
    allowed.map(({ kind, projectIds }) =>
      SHARED_SEARCH_KINDS.has(kind)
        ? Prisma.sql`(d.kind = ${kind} AND (d.project_id = ANY(${projectIds}::text[]) OR ${sharedDocument(projectIds)}))`
        : Prisma.sql`(d.kind = ${kind} AND d.project_id = ANY(${projectIds}::text[]))`,
    ),
    " OR ",
  )})`;
};

const sharedDocument = (receiverIds: string[]) => Prisma.sql`EXISTS (
  SELECT 1 FROM "Share" s
   WHERE s."receiverProjectId" = ANY(${receiverIds}::text[]) AND s.status = 'ACCEPTED'
     AND s."homeProjectId" = d.project_id
     AND (s.scope = 'ALL' OR EXISTS (
       SELECT 1 FROM "ShareItem" i
        WHERE i."shareId" = s.id AND d.entity_id IN (i."featureGroupId", i."featureViewId", i."trainingDatasetId")
     ))
)`;

// Discovery (docs/sharing.md): the kinds a discoverable project shows to non-members — never features (their
// types and statistics are the data's shape), datasets, models or sources.
const DISCOVERABLE_SEARCH_KINDS = ["featureGroup", "featureView"];

/** The search documents of discoverable projects the reader is not a member of (`projectIds`): metadata only. */
export const discoverableDocumentWhere = (projectIds: string[]): Prisma.Sql =>
  projectIds.length
    ? Prisma.sql`(d.kind = ANY(${DISCOVERABLE_SEARCH_KINDS}::text[]) AND d.project_id = ANY(${projectIds}::text[]))`
    : Prisma.sql`FALSE`;
