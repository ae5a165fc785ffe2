// The search room (docs/search.md): the catalog search over larder_search.document, which the migration's
// triggers keep in step with every edit.
export { searchCatalog } from "./search";
