import { z } from "zod";
import { ZDiscoverableResultSchema } from "./discovery";
import { TAG_TARGET_KINDS } from "./tags";

// Catalog search (docs/search.md): the query language, parsed here once for the API and the console (which builds
// its facet links by adding filters to the query), and the answer's shape.

export const SEARCH_KINDS = TAG_TARGET_KINDS;
/** How many matches are counted: beyond it the total and the facet counts read "250+" (docs/search.md, "Speed"). */
export const SEARCH_COUNT_CAP = 250;
export type TSearchKind = (typeof SEARCH_KINDS)[number];
const KIND_TITLES = ["Feature groups", "Features", "Feature views", "Training datasets", "Models", "Data sources"];
export const SEARCH_KIND_LABELS = Object.fromEntries(
  SEARCH_KINDS.map((kind, index) => [kind, KIND_TITLES[index]]),
) as Record<TSearchKind, string>;

/** Facets a query can filter on with `key:value` (besides `<schema>.<field>:value`). */
const SEARCH_FACETS = ["tag", "project", "type", "kind", "owner", "online", "keyword"] as const;
type TFacet = (typeof SEARCH_FACETS)[number];

const SEARCH_MAX_QUERY_LENGTH = 500;
const SEARCH_MAX_TERMS = 20;
const MAX_VALUE_LENGTH = 100;

export type TSearchQuery = {
  words: string[];
  phrases: string[];
  tags: string[];
  tagFields: { schema: string; field: string; value: string }[];
  projects: string[];
  types: string[];
  kinds: TSearchKind[];
  owners: string[];
  online: boolean | null;
  keywords: string[];
};

class SearchSyntaxError extends Error {}

// A term: a quoted phrase, key:"quoted value", key:value, or a word; a lone quote is unbalanced.
const TOKEN = /"([^"]*)"|([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?):(?:"([^"]*)"|([^\s"]+))|([^\s"]+)|(")/gy;
const FIELD_KEY = /^([a-z][a-z0-9_]*)\.([a-zA-Z][a-zA-Z0-9_]*)$/;

const addFilter = (query: TSearchQuery, key: string, value: string) => {
  if (!value) throw new SearchSyntaxError(`'${key}:' needs a value`);
  if (value.length > MAX_VALUE_LENGTH) throw new SearchSyntaxError(`the value of '${key}:' is too long`);
  const field = FIELD_KEY.exec(key);
  if (field) {
    query.tagFields.push({ schema: field[1], field: field[2], value: value.toLowerCase() });
    return;
  }
  const facet = key.toLowerCase() as TFacet;
  switch (facet) {
    case "tag":
      return void query.tags.push(value.toLowerCase());
    case "project":
      return void query.projects.push(value);
    case "type":
      return void query.types.push(value.toLowerCase());
    case "owner":
      return void query.owners.push(value.toLowerCase());
    case "keyword":
      return void query.keywords.push(value.toLowerCase());
    case "kind": {
      const kind = SEARCH_KINDS.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
      if (!kind) throw new SearchSyntaxError(`unknown kind '${value}' (known: ${SEARCH_KINDS.join(", ")})`);
      return void query.kinds.push(kind);
    }
    case "online":
      if (value !== "true" && value !== "false") throw new SearchSyntaxError("'online:' is true or false");
      query.online = value === "true";
      return;
    default:
      throw new SearchSyntaxError(`unknown facet '${key}' (known: ${SEARCH_FACETS.join(", ")}, <schema>.<field>)`);
  }
};

/** Parses the search box's text; throws SearchSyntaxError naming what is wrong. */
const parseSearchQuery = (text: string): TSearchQuery => {
  if (text.length > SEARCH_MAX_QUERY_LENGTH)
    throw new SearchSyntaxError(`at most ${SEARCH_MAX_QUERY_LENGTH} characters`);
  const query: TSearchQuery = {
    words: [],
    phrases: [],
    tags: [],
    tagFields: [],
    projects: [],
    types: [],
    kinds: [],
    owners: [],
    online: null,
    keywords: [],
  };
  let terms = 0;
  let position = 0;
  while (position < text.length) {
    if (/\s/.test(text[position])) {
      position += 1;
      continue;
    }
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (!match || match[6] !== undefined) throw new SearchSyntaxError("a quote is not closed");
    position = TOKEN.lastIndex;
    terms += 1;
    if (terms > SEARCH_MAX_TERMS) throw new SearchSyntaxError(`at most ${SEARCH_MAX_TERMS} terms`);
    if (match[1] !== undefined) {
      if (match[1].trim()) query.phrases.push(match[1].trim().toLowerCase());
    } else if (match[2] !== undefined) addFilter(query, match[2], match[3] ?? match[4]);
    else query.words.push(match[5].toLowerCase());
  }
  return query;
};

/** The words and phrases a result's text is highlighted with. */
export const highlightTerms = (query: TSearchQuery): string[] => [...query.phrases, ...query.words];

export const ZSearchQuerySchema = z
  .object({
    q: z.string().min(1, "type something to search for"),
    perKind: z.coerce.number().int().min(1).max(50).default(10),
    discover: z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true")
      .describe("Also find feature groups and views of discoverable projects you are not a member of (metadata only)"),
  })
  .strict()
  .transform((input, context) => {
    try {
      return { ...input, parsed: parseSearchQuery(input.q) };
    } catch (error) {
      if (!(error instanceof SearchSyntaxError)) throw error;
      context.addIssue({ code: "custom", path: ["q"], message: error.message });
      return z.NEVER;
    }
  });

const ZFacetValuesSchema = z.array(z.object({ value: z.string(), label: z.string(), count: z.number().int() }));

const ZSearchResultSchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  project: z.string(),
  name: z.string(),
  version: z.number().int().nullable(),
  /** A feature's group, a training dataset's feature view. */
  parentName: z.string().nullable(),
  description: z.string(),
  owner: z.string().nullable(),
  online: z.boolean().nullable(),
  type: z.string().nullable(),
  tags: z.array(z.object({ schema: z.string(), version: z.number().int(), value: z.record(z.string(), z.unknown()) })),
  keywords: z.array(z.string()),
  /** Why it matched, in ranking order: exact name, name prefix, fuzzy name, tag or keyword, description. */
  matchedBy: z.enum(["name", "prefix", "fuzzy", "tag", "description", "filter"]),
});
export type TSearchResult = z.infer<typeof ZSearchResultSchema>;

export const ZSearchResponseSchema = z
  .object({
    query: z.string(),
    terms: z.array(z.string()),
    total: z.number().int(),
    /** More than the counted matches (250): `total` and the facet counts then read "250+". */
    capped: z.boolean(),
    groups: z.array(
      z.object({ kind: z.enum(SEARCH_KINDS), total: z.number().int(), results: z.array(ZSearchResultSchema) }),
    ),
    facets: z.object({
      kind: ZFacetValuesSchema,
      project: ZFacetValuesSchema,
      tag: ZFacetValuesSchema,
      owner: ZFacetValuesSchema,
      online: ZFacetValuesSchema,
    }),
    /** With `discover=true`: matches in discoverable projects the caller is not a member of, metadata only. */
    discoverable: z.array(ZDiscoverableResultSchema).optional(),
  })
  .meta({ id: "SearchResults" });
export type TSearchResponse = z.infer<typeof ZSearchResponseSchema>;
