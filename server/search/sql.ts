import "server-only";
import { SEARCH_COUNT_CAP, SEARCH_KINDS, type TSearchQuery } from "@/lib/api/search";
import { Prisma } from "../db/generated/client";

// The search's SQL over larder_search.document (alias d), from a parsed query (docs/search.md). Every caller value
// is a bound parameter; the structure is fixed.

const SIMPLE = Prisma.sql`'simple'::regconfig`;
/** How many matches of one kind are read from its own index before the kind counts as common (then walked). */
const RARE_KIND_LIMIT = 500;
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
        WHEN NOT (SELECT cut FROM counts) AND ${text.fuzzy} THEN 2
        WHEN d.label_words && (SELECT words FROM q) THEN 3
        ELSE 4 END`
    : Prisma.sql`5`;

const textConditionSql = (text: TText | null) =>
  text ? Prisma.sql`(d.body @@ (SELECT tsq FROM q) OR lower(d.name) LIKE ${text.prefix})` : Prisma.sql`TRUE`;

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
/** The owners' e-mail addresses, by user id, of every result and owner facet. */
export type TOwnerEmails = Record<string, string>;

/**
 * One round trip: the best `perKind` documents of each kind, the facet counts and the total, as JSON. Every candidate
 * set is bounded and found through an index (docs/search.md, "Speed"):
 * - `counted`: up to `SEARCH_COUNT_CAP` + 1 matches in no particular order. When there are at most `SEARCH_COUNT_CAP`
 *   they are every match, and only fuzzy names are added;
 * - otherwise, per kind, up to RARE_KIND_LIMIT matches from the kind's own full-text index, and for a kind with more
 *   its `perKind` most recent matches by walking the kind by recency — never a walk through a kind with few matches;
 * - names starting with the query, in name order (the name index; an exact name sorts first), fuzzy names (trigram;
 *   only when the matches were not cut off), and tag and keyword word matches, each up to the cap.
 * Ranking, the total and the facets read the union (past the cap, counts are of these candidates); the shown columns
 * are read for the top rows alone.
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
  const matches = Prisma.sql`${where} AND ${textConditionSql(text)}`;
  // The columns ranking and facets read, taken in the index scans themselves (no second lookup by key).
  const columns = Prisma.sql`d.key, d.kind, d.project_id, d.owner_id, d.online, d.tag_terms, d.used_at, d.name,
    d.version, d.label_words`;
  const cutOff = Prisma.sql`(SELECT cut FROM counts)`;
  const rareCount = (kind: string) => Prisma.sql`coalesce((SELECT n FROM rare_counts WHERE kind = ${kind}), 0)`;
  // Fuzzy names (a similarity computed per row: the costliest test) only when the matches were not cut off: fuzzy
  // names are for misspelt and partial names, and a query matching more than the cap is spelt right.
  const nameHits = text
    ? Prisma.sql`UNION (SELECT ${columns} FROM larder_search.document d
         WHERE ${cutOff} AND ${where} AND lower(d.name) COLLATE "C" LIKE ${text.prefix}
         ORDER BY lower(d.name) COLLATE "C" LIMIT ${SEARCH_COUNT_CAP})
       UNION (SELECT ${columns} FROM larder_search.document d
         WHERE ${text.fuzzy} AND NOT ${cutOff} AND ${where} LIMIT ${SEARCH_COUNT_CAP})
       UNION (SELECT ${columns} FROM larder_search.document d
         WHERE ${cutOff} AND ${where} AND d.label_words && (SELECT words FROM q)
           AND (d.body @@ (SELECT tsq FROM q)) IS TRUE LIMIT ${SEARCH_COUNT_CAP})`
    : Prisma.empty;
  // Each kind's most recent matches, when the counted ones were cut off. Up to RARE_KIND_LIMIT of a kind's matches are
  // read from the kind's own full-text index (`rare`: when the kind has fewer, these are all of them, and ranking
  // them is exact); a kind with more is also walked by recency on (kind, used_at), where its matches are dense enough
  // that few documents are read before perKind match. So no walk ever reads through a kind with few or no matches.
  // A query without words (filters only) walks: its filters have no per-kind index.
  const rare = text
    ? Prisma.join(
        SEARCH_KINDS.map(
          (kind) => Prisma.sql`(SELECT ${columns} FROM larder_search.document d
             WHERE d.kind = ${kind} AND ${where} AND d.body @@ (SELECT tsq FROM q) AND ${cutOff}
             LIMIT ${RARE_KIND_LIMIT})`,
        ),
        " UNION ALL ",
      )
    : Prisma.sql`SELECT ${columns} FROM larder_search.document d WHERE FALSE`;
  const kindHits = SEARCH_KINDS.map(
    (kind) => Prisma.sql`UNION (SELECT ${columns} FROM larder_search.document d
       WHERE d.kind = ${kind} AND ${matches} AND ${cutOff} ${text ? Prisma.sql`AND ${rareCount(kind)} >= ${RARE_KIND_LIMIT}` : Prisma.empty}
       ORDER BY d.used_at DESC LIMIT ${perKind})`,
  );
  return Prisma.sql`
    WITH q AS MATERIALIZED (
      SELECT ${text ? text.tsquery : Prisma.sql`NULL::tsquery`} AS tsq,
             tsvector_to_array(to_tsvector(${SIMPLE}, ${text?.spoken ?? ""})) AS words
    ),
    counted AS MATERIALIZED (
      SELECT ${columns} FROM larder_search.document d WHERE ${matches} LIMIT ${SEARCH_COUNT_CAP + 1}
    ),
    counts AS MATERIALIZED (SELECT count(*) > ${SEARCH_COUNT_CAP} AS cut FROM counted),
    rare AS MATERIALIZED (${rare}),
    rare_counts AS MATERIALIZED (SELECT kind, count(*) AS n FROM rare GROUP BY kind),
    hits AS MATERIALIZED (
      (SELECT * FROM counted)
      UNION (SELECT * FROM rare)
      ${nameHits}
      ${Prisma.join(kindHits, "\n")}
    ),
    ranked AS MATERIALIZED (SELECT d.*, ${bucketSql(text)} AS bucket FROM hits d),
    top AS (
      SELECT key, bucket FROM (
        SELECT key, bucket, row_number() OVER (PARTITION BY kind ORDER BY bucket, used_at DESC, name, version DESC) AS n
          FROM ranked) r
       WHERE n <= ${perKind}
    ),
    facets AS (
      SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(project_id) = 0 THEN 'project'
                  WHEN GROUPING(owner_id) = 0 THEN 'owner' ELSE 'online' END AS facet,
             coalesce(kind, project_id, owner_id, online::text) AS value, count(*)::int AS count
        FROM ranked GROUP BY GROUPING SETS ((kind), (project_id), (owner_id), (online))
      UNION ALL SELECT 'tag', term, count(*)::int FROM ranked, unnest(tag_terms) term
                 WHERE strpos(term, '.') = 0 GROUP BY term
    )
    SELECT (SELECT count(*)::int FROM ranked) AS total,
           (SELECT coalesce(json_agg(r ORDER BY r.bucket, r.used_at DESC, r.name), '[]'::json)
              FROM (SELECT d.kind, d.project_id, d.name, d.version, d.parent_name, d.description, d.owner_id, d.online,
                           d.data_type, d.tags, d.keywords, t.bucket, d.used_at
                      FROM top t JOIN larder_search.document d ON d.key = t.key) r) AS results,
           (SELECT coalesce(json_agg(f ORDER BY f.count DESC, f.value), '[]'::json) FROM facets f
             WHERE f.value IS NOT NULL) AS facets,
           (SELECT coalesce(json_object_agg(u.id, u.email), '{}'::json) FROM "User" u
             WHERE u.id IN (SELECT owner_id FROM ranked)) AS owners`;
};
