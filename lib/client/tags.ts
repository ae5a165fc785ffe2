import type { TSearchResponse, TSearchResult } from "@/lib/api/search";
import type { TCreateTagSchema, TLabels, TPutLabels, TTagSchema } from "@/lib/api/tags";
import { apiFetch, projectPath, type TVersionRef } from "./api";

// Tag schemas, the tags of a feature (or group) and the catalog search, for the console.

export const tagKeys = {
  schemas: ["tag-schemas"] as const,
  labels: (ref: TVersionRef, feature?: string) =>
    ["projects", ref.project, "tags", ref.name, ref.version, feature ?? ""] as const,
  search: (q: string) => ["search", q] as const,
};

const labelsPath = ({ project, name, version }: TVersionRef, feature?: string) =>
  projectPath(
    project,
    `/feature-groups/${encodeURIComponent(name)}/${version}${feature ? `/features/${encodeURIComponent(feature)}` : ""}/tags`,
  );

export const fetchTagSchemas = () => apiFetch<{ schemas: TTagSchema[] }>("/api/v1/tag-schemas");
export const createTagSchema = (body: TCreateTagSchema) =>
  apiFetch<TTagSchema>("/api/v1/tag-schemas", { method: "POST", json: body });
export const fetchLabels = (ref: TVersionRef, feature?: string) => apiFetch<TLabels>(labelsPath(ref, feature));
export const putLabels = (ref: TVersionRef, feature: string | undefined, body: TPutLabels) =>
  apiFetch<TLabels>(labelsPath(ref, feature), { method: "PUT", json: body });

export const searchCatalog = (q: string) =>
  apiFetch<TSearchResponse>(`/api/v1/search?${new URLSearchParams({ q, perKind: "8", discover: "true" })}`);

/** The latest version of each schema, by name. */
export const latestSchemas = (schemas: TTagSchema[]): TTagSchema[] =>
  [...new Map(schemas.map((schema) => [schema.name, schema])).values()].sort((a, b) => a.name.localeCompare(b.name));

/** Where a search result lives in the console. */
export const resultHref = (result: TSearchResult): string => {
  const project = `/projects/${encodeURIComponent(result.project)}`;
  switch (result.kind) {
    case "featureGroup":
      return `${project}/feature-groups/${encodeURIComponent(result.name)}/${result.version}`;
    case "feature":
      return `${project}/feature-groups/${encodeURIComponent(result.parentName ?? "")}/${result.version}`;
    case "featureView":
      return `${project}/feature-views/${encodeURIComponent(result.name)}/${result.version}`;
    case "trainingDataset":
      return `${project}/training-datasets/${encodeURIComponent(result.name)}/${result.version}`;
    case "model":
      return `${project}/models/${encodeURIComponent(result.name)}/${result.version}`;
    case "dataSource":
      return `${project}/data-sources/${encodeURIComponent(result.name)}`;
  }
};

/** The text split into plain and highlighted parts: each term found (case-insensitive) is highlighted. */
export const highlightParts = (text: string, terms: string[]): { text: string; isMatch: boolean }[] => {
  const words = terms.flatMap((term) => term.split(/[\s_]+/)).filter((word) => word.length > 1);
  if (!words.length || !text) return [{ text, isMatch: false }];
  const pattern = new RegExp(`(${words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "gi");
  return text
    .split(pattern)
    .filter(Boolean)
    .map((part) => ({ text: part, isMatch: words.some((word) => word.toLowerCase() === part.toLowerCase()) }));
};
