import "server-only";
import type { TSearchQuery } from "@/lib/api/search";
import { Prisma } from "../db/generated/client";

// The search's SQL over larder_search.document (alias d), from a parsed query (docs/search.md). Every caller value
// is a bound parameter; the structure is fixed.

const SIMPLE = Prisma.sql`'simple'::regconfig`;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** The text part of the query: words AND phrases as one tsquery, and the name the words and phrases spell. */
export const textMatch = (query: TSearchQuery) => {
  const parts = [
    ...(query.words.length ? [Prisma.sql`plainto_tsquery(${SIMPLE}, ${query.words.join(" ")})`] : []),
    ...query.phrases.map((phrase) => Prisma.sql`phraseto_tsquery(${SIMPLE}, ${phrase})`),
  ];
  if (!parts.length) return null;
  const spoken = [...query.phrases, ...query.words].join(" ");
  // Names are snake_case: "card holder" names card_holder as well.
  const asName = spoken.replace(/\s+/g, "_");
  // A phrase asks for exactly those words: fuzzy names only for queries of plain words.
  const fuzzy = query.phrases.length ? Prisma.sql`FALSE` : Prisma.sql`lower(d.name) % ${spoken}`;
  return {
    fuzzy,
    tsquery: Prisma.join(parts, " && "),
    spoken,
    asName,
    prefix: `${escapeLike(asName)}%`,
  };
};
type TText = NonNullable<ReturnType<typeof textMatch>>;

/** Ranking buckets: 0 exact name, 1 name prefix, 2 fuzzy name (or every word in the name), 3 tag or keyword, 4 description. */
export const bucketSql = (text: TText | null) =>
  text
    ? Prisma.sql`CASE
        WHEN lower(d.name) IN (${text.asName}, ${text.spoken}) THEN 0
        WHEN lower(d.name) LIKE ${text.prefix} THEN 1
        WHEN ${text.fuzzy} OR ts_filter(d.body, '{a}') @@ q.tsq THEN 2
        WHEN ts_filter(d.body, '{a,b}') @@ q.tsq THEN 3
        ELSE 4 END`
    : Prisma.sql`5`;

export const textConditionSql = (text: TText | null) =>
  text ? Prisma.sql`(d.body @@ q.tsq OR lower(d.name) LIKE ${text.prefix} OR ${text.fuzzy})` : Prisma.sql`TRUE`;

/** The filters (`tag:`, `<schema>.<field>:`, `project:`, `type:`, `kind:`, `owner:`, `online:`, `keyword:`). */
export const filterSql = (query: TSearchQuery): Prisma.Sql => {
  const conditions: Prisma.Sql[] = [];
  const terms = [...query.tags, ...query.tagFields.map(({ schema, field, value }) => `${schema}.${field}:${value}`)];
  if (terms.length) conditions.push(Prisma.sql`d.tag_terms @> ${terms.map((term) => term.toLowerCase())}::text[]`);
  if (query.keywords.length) conditions.push(Prisma.sql`d.keywords @> ${query.keywords}::text[]`);
  if (query.projects.length)
    conditions.push(Prisma.sql`d.project_id IN (SELECT id FROM "Project" WHERE name = ANY(${query.projects}::text[]))`);
  if (query.types.length) conditions.push(Prisma.sql`d.data_type = ANY(${query.types}::text[])`);
  if (query.kinds.length) conditions.push(Prisma.sql`d.kind = ANY(${query.kinds}::text[])`);
  if (query.owners.length)
    conditions.push(
      Prisma.sql`d.owner_id IN (SELECT id FROM "User" WHERE lower(email) = ANY(${query.owners}::text[]))`,
    );
  if (query.online !== null) conditions.push(Prisma.sql`d.online = ${query.online}`);
  return conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
};

export type TDocumentRow = {
  kind: string;
  project_id: string;
  name: string;
  version: number | null;
  parent_name: string | null;
  description: string;
  owner_id: string | null;
  online: boolean | null;
  data_type: string | null;
  tags: { schema: string; version: number; value: Record<string, unknown> }[];
  keywords: string[];
  bucket: number;
};
export type TFacetRow = { facet: string; value: string; count: number };

/** One round trip: the best `perKind` documents of each kind, the facet counts and the total, as JSON. */
export const searchSql = ({
  access,
  query,
  perKind,
}: {
  access: Prisma.Sql;
  query: TSearchQuery;
  perKind: number;
}): Prisma.Sql => {
  const text = textMatch(query);
  return Prisma.sql`
    WITH q AS (SELECT ${text ? text.tsquery : Prisma.sql`NULL::tsquery`} AS tsq),
    matched AS MATERIALIZED (
      SELECT d.kind, d.project_id, d.entity_id, d.name, d.version, d.parent_name, d.description, d.owner_id, d.online,
             d.data_type, d.tags, d.keywords, d.tag_terms, d.used_at, ${bucketSql(text)} AS bucket
        FROM larder_search.document d, q
       WHERE ${access} AND ${filterSql(query)} AND ${textConditionSql(text)}
    ),
    ranked AS (
      SELECT m.*, row_number() OVER (PARTITION BY m.kind ORDER BY m.bucket, m.used_at DESC, m.name, m.version DESC) AS n
        FROM matched m
    ),
    facets AS (
      SELECT 'kind' AS facet, kind AS value, count(*)::int AS count FROM matched GROUP BY kind
      UNION ALL SELECT 'project', project_id, count(*)::int FROM matched GROUP BY project_id
      UNION ALL SELECT 'owner', owner_id, count(*)::int FROM matched WHERE owner_id IS NOT NULL GROUP BY owner_id
      UNION ALL SELECT 'online', online::text, count(*)::int FROM matched WHERE online IS NOT NULL GROUP BY online
      UNION ALL SELECT 'tag', term, count(*)::int FROM matched, unnest(tag_terms) term
                 WHERE strpos(term, '.') = 0 GROUP BY term
    )
    SELECT (SELECT count(*)::int FROM matched) AS total,
           (SELECT coalesce(json_agg(r ORDER BY r.bucket, r.used_at DESC, r.name), '[]'::json)
              FROM (SELECT kind, project_id, name, version, parent_name, description, owner_id, online, data_type, tags,
                           keywords, bucket, used_at FROM ranked WHERE n <= ${perKind}) r) AS results,
           (SELECT coalesce(json_agg(f ORDER BY f.count DESC, f.value), '[]'::json) FROM facets f) AS facets`;
};
