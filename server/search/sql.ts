import "server-only";
import { SEARCH_COUNT_CAP, SEARCH_KINDS, type TSearchQuery } from "@/lib/api/search";
import { Prisma } from "../db/generated/client";

// The search's SQL over larder_search.document (alias d), from a parsed query (docs/search.md). Every caller value
// is a bound parameter; the structure is fixed.

const SIMPLE = Prisma.sql`'simple'::regconfig`;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** The text part of the query: words AND phrases as one tsquery, and the name the words and phrases spell. */
const textMatch = (query: TSearchQuery) => {
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

/**
 * Ranking buckets: 0 exact name, 1 name prefix, 2 fuzzy name, 3 a query word among the tags' and keywords' words,
 * 4 description. Each is cheap per row (no tsvector is read back): the candidate set can be large.
 */
const bucketSql = (text: TText | null) =>
  text
    ? Prisma.sql`CASE
        WHEN lower(d.name) IN (${text.asName}, ${text.spoken}) THEN 0
        WHEN lower(d.name) LIKE ${text.prefix} THEN 1
        WHEN ${text.fuzzy} THEN 2
        WHEN d.label_words && q.words THEN 3
        ELSE 4 END`
    : Prisma.sql`5`;

const textConditionSql = (text: TText | null) =>
  text ? Prisma.sql`(d.body @@ q.tsq OR lower(d.name) LIKE ${text.prefix})` : Prisma.sql`TRUE`;

/** The filters (`tag:`, `<schema>.<field>:`, `project:`, `type:`, `kind:`, `owner:`, `online:`, `keyword:`). */
const filterSql = (query: TSearchQuery): Prisma.Sql => {
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

/**
 * One round trip: the best `perKind` documents of each kind, the facet counts and the total, as JSON. Candidates are
 * bounded: the `SEARCH_COUNT_CAP` + 1 most recently used matches (an index walk on used_at, stopped by the LIMIT) and
 * the name matches (exact, prefix, fuzzy; trigram index), so a common word costs the same as a rare one. Ranking,
 * facets and the total are over the candidates alone; the shown columns are read for the top rows alone.
 */
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
  const where = Prisma.sql`${access} AND ${filterSql(query)}`;
  // The columns ranking and facets read, taken in the index scans themselves (no second lookup by key).
  const columns = Prisma.sql`d.key, d.kind, d.project_id, d.owner_id, d.online, d.tag_terms, d.used_at, d.name,
    d.version, d.label_words`;
  // Fuzzy names (a similarity computed per row: the costliest test) only when the words' own matches were not cut
  // off: fuzzy names are for misspelt and partial names, and a query matching more than the cap is spelt right (its
  // total is "1,000+" either way).
  // The name and tag-word matches are read again only when the recent candidates were cut off (else they hold them).
  const cutOff = Prisma.sql`(SELECT count(*) FROM recent) > ${SEARCH_COUNT_CAP}`;
  const nameHits = text
    ? Prisma.sql`UNION (SELECT ${columns} FROM larder_search.document d
         WHERE ${cutOff} AND ${where} AND lower(d.name) LIKE ${text.prefix} LIMIT ${SEARCH_COUNT_CAP})
       UNION (SELECT ${columns} FROM larder_search.document d
         WHERE ${text.fuzzy} AND NOT ${cutOff} AND ${where}
         LIMIT ${SEARCH_COUNT_CAP})
       UNION (SELECT ${columns} FROM larder_search.document d, q
         WHERE ${cutOff} AND ${where} AND d.label_words && q.words AND d.body @@ q.tsq LIMIT ${SEARCH_COUNT_CAP})`
    : Prisma.empty;
  // Each kind's own most recent matches: a kind rarer than the others is never crowded out of the recent candidates.
  // Read only when the recent candidates were cut off and hold fewer than perKind of the kind (else they hold its top).
  const kindHits = SEARCH_KINDS.map(
    (kind) => Prisma.sql`UNION (SELECT ${columns} FROM larder_search.document d, q
       WHERE d.kind = ${kind} AND ${where} AND ${textConditionSql(text)}
         AND ${cutOff} AND (SELECT count(*) FROM recent WHERE kind = ${kind}) < ${perKind}
       ORDER BY d.used_at DESC LIMIT ${perKind})`,
  );
  return Prisma.sql`
    WITH q AS (
      SELECT ${text ? text.tsquery : Prisma.sql`NULL::tsquery`} AS tsq,
             tsvector_to_array(to_tsvector(${SIMPLE}, ${text?.spoken ?? ""})) AS words
    ),
    recent AS MATERIALIZED (
      SELECT ${columns} FROM larder_search.document d, q WHERE ${where} AND ${textConditionSql(text)}
       ORDER BY d.used_at DESC LIMIT ${SEARCH_COUNT_CAP + 1}
    ),
    hits AS MATERIALIZED (
      (SELECT * FROM recent)
      ${nameHits}
      ${Prisma.join(kindHits, "\n")}
    ),
    matched AS MATERIALIZED (SELECT d.*, ${bucketSql(text)} AS bucket FROM hits d, q),
    top AS (
      SELECT key, bucket FROM (
        SELECT key, bucket, row_number() OVER (PARTITION BY kind ORDER BY bucket, used_at DESC, name, version DESC) AS n
          FROM matched) ranked
       WHERE n <= ${perKind}
    ),
    facets AS (
      SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(project_id) = 0 THEN 'project'
                  WHEN GROUPING(owner_id) = 0 THEN 'owner' ELSE 'online' END AS facet,
             coalesce(kind, project_id, owner_id, online::text) AS value, count(*)::int AS count
        FROM matched GROUP BY GROUPING SETS ((kind), (project_id), (owner_id), (online))
      UNION ALL SELECT 'tag', term, count(*)::int FROM matched, unnest(tag_terms) term
                 WHERE strpos(term, '.') = 0 GROUP BY term
    )
    SELECT (SELECT count(*)::int FROM matched) AS total,
           (SELECT coalesce(json_agg(r ORDER BY r.bucket, r.used_at DESC, r.name), '[]'::json)
              FROM (SELECT d.kind, d.project_id, d.name, d.version, d.parent_name, d.description, d.owner_id, d.online,
                           d.data_type, d.tags, d.keywords, t.bucket, d.used_at
                      FROM top t JOIN larder_search.document d ON d.key = t.key) r) AS results,
           (SELECT coalesce(json_agg(f ORDER BY f.count DESC, f.value), '[]'::json) FROM facets f
             WHERE f.value IS NOT NULL) AS facets`;
};
