// The tags room (docs/tags.md): tag schemas, the tags and keywords of artifacts.
export { createTagSchema, listTagSchemas } from "./schemas";
export { getLabels, putLabels } from "./labels";
