import "server-only";
import {
  highlightTerms,
  SEARCH_COUNT_CAP,
  SEARCH_KINDS,
  SEARCH_KIND_LABELS,
  type TSearchKind,
  type TSearchQuery,
  type TSearchResponse,
  type TSearchResult,
} from "@/lib/api/search";
import type { TTagField } from "@/lib/api/tags";
import type { TDiscoverableResult } from "@/lib/api/discovery";
import { discoverableDocumentWhere, searchDocumentWhere } from "../access-where";
import { db } from "../db/client";
import { InvalidInputError } from "../errors";
import type { TPrincipal } from "../principal";
import { discoverableCatalog, readableCatalog } from "./access";
import { searchSql, type TDocumentRow, type TFacetRow, type TOwnerEmails } from "./sql";

// The catalog search (docs/search.md): one query over the documents of every project the caller may read.

const MATCHED_BY: TSearchResult["matchedBy"][] = ["name", "prefix", "fuzzy", "tag", "description", "filter"];

/** `tag:x` and `x.field:` must name a schema and a field that exist (in some version): 422 naming `q` otherwise. */
const checkTagFilters = async (query: TSearchQuery) => {
  const names = [...new Set([...query.tags, ...query.tagFields.map(({ schema }) => schema)])];
  if (!names.length) return;
  const schemas = await db.tagSchema.findMany({ where: { name: { in: names } }, select: { name: true, fields: true } });
  const fieldsOf = new Map<string, Set<string>>();
  for (const schema of schemas)
    for (const field of schema.fields as TTagField[])
      fieldsOf.set(schema.name, (fieldsOf.get(schema.name) ?? new Set()).add(field.name.toLowerCase()));
  const unknownSchema = names.find((name) => !fieldsOf.has(name));
  const unknownField = query.tagFields.find(({ schema, field }) => !fieldsOf.get(schema)?.has(field.toLowerCase()));
  const problem = unknownSchema
    ? `unknown tag schema '${unknownSchema}'`
    : unknownField && `tag schema '${unknownField.schema}' has no field '${unknownField.field}'`;
  if (problem) throw new InvalidInputError("Invalid search query", [{ path: "query.q", message: problem }]);
};

/** A facet's values as the query language names them (`project:fraud`, `owner:ada@example.com`), with a label. */
const facetValues = (rows: TFacetRow[], facet: string, name: (value: string) => string, label = name) =>
  rows
    .filter((row) => row.facet === facet)
    .map((row) => ({ value: name(row.value), label: label(row.value), count: capped(row.count) }));
const capped = (count: number) => Math.min(count, SEARCH_COUNT_CAP);

export const searchCatalog = async ({
  principal,
  query,
  text,
  perKind,
  discover = false,
}: {
  principal: TPrincipal;
  query: TSearchQuery;
  text: string;
  perKind: number;
  discover?: boolean;
}): Promise<TSearchResponse> => {
  await checkTagFilters(query);
  const catalog = await readableCatalog(principal);
  const [row] = await db.$queryRaw<
    { total: number; results: TDocumentRow[]; facets: TFacetRow[]; owners: TOwnerEmails }[]
  >(searchSql({ access: searchDocumentWhere(catalog.byKind, catalog.shares), query, perKind }));
  const discovered = discover ? await discoverableRows({ principal, query, perKind }) : null;
  const owners = new Map(Object.entries({ ...row.owners, ...discovered?.owners }));
  const results = row.results.map((result): TSearchResult => ({
    kind: result.kind as TSearchKind,
    project: catalog.projects.get(result.project_id) ?? result.project_id,
    name: result.name,
    version: result.version,
    parentName: result.parent_name,
    description: result.description,
    owner: result.owner_id ? (owners.get(result.owner_id) ?? null) : null,
    online: result.online,
    type: result.data_type,
    tags: result.tags,
    keywords: result.keywords,
    matchedBy: MATCHED_BY[result.bucket],
  }));
  const totals = new Map(
    row.facets.filter((facet) => facet.facet === "kind").map((facet) => [facet.value, facet.count]),
  );
  return {
    query: text,
    terms: highlightTerms(query),
    total: capped(row.total),
    capped: row.total > SEARCH_COUNT_CAP,
    // Groups in a fixed order of kinds, each ranked within.
    groups: SEARCH_KINDS.filter((kind) => results.some((result) => result.kind === kind)).map((kind) => ({
      kind,
      total: capped(totals.get(kind) ?? 0),
      results: results.filter((result) => result.kind === kind),
    })),
    facets: {
      kind: facetValues(
        row.facets,
        "kind",
        (value) => value,
        (value) => SEARCH_KIND_LABELS[value as TSearchKind] ?? value,
      ).sort((a, b) => SEARCH_KINDS.indexOf(a.value as TSearchKind) - SEARCH_KINDS.indexOf(b.value as TSearchKind)),
      project: facetValues(row.facets, "project", (value) => catalog.projects.get(value) ?? value),
      tag: facetValues(row.facets, "tag", (value) => value),
      owner: facetValues(row.facets, "owner", (value) => owners.get(value) ?? value),
      online: facetValues(
        row.facets,
        "online",
        (value) => value,
        (value) => (value === "true" ? "Online" : "Offline only"),
      ),
    },
    ...(discovered && {
      discoverable: discovered.rows.map((result): TDiscoverableResult => ({
        kind: result.kind as TDiscoverableResult["kind"],
        project: discovered.projects.get(result.project_id) ?? result.project_id,
        name: result.name,
        version: result.version,
        description: result.description,
        owner: result.owner_id ? (owners.get(result.owner_id) ?? null) : null,
        tags: result.tags,
        keywords: result.keywords,
        discoverable: true,
        member: false,
      })),
    }),
  };
};

/**
 * Discovery (docs/sharing.md): the same query over the feature groups and views of discoverable projects the caller
 * is not a member of. Only their metadata leaves here (name, description, tags, keywords, owner, project).
 */
const discoverableRows = async ({
  principal,
  query,
  perKind,
}: {
  principal: TPrincipal;
  query: TSearchQuery;
  perKind: number;
}) => {
  const projects = await discoverableCatalog(principal);
  if (!projects.size) return { projects, rows: [], owners: {} };
  const [row] = await db.$queryRaw<{ results: TDocumentRow[]; owners: TOwnerEmails }[]>(
    searchSql({ access: discoverableDocumentWhere([...projects.keys()]), query, perKind }),
  );
  return { projects, rows: row.results, owners: row.owners };
};
