import { apiFetch, projectPath } from "./api";
import { DEFAULT_SERVING_PORT } from "@/lib/ports";

// The console's call to the feature server's vector endpoint, through the same-origin route
// (/api/v1/projects/{p}/feature-views/{name}/{version}/vector), plus the pure helpers of the "Try it" panel.

export type TServingKey = { name: string; type: string };
type TVectorFeatureGroup = {
  name: string;
  version: number;
  status: "PRESENT" | "NOT_FOUND" | "OUTSIDE_MAX_AGE";
  eventTime: string | null;
};
export type TVectorResponse = {
  vector: unknown[];
  status: "COMPLETE" | "MISSING" | "ERROR";
  features?: { name: string; type: string }[];
  featureGroups: TVectorFeatureGroup[];
  trainingDataset?: { name: string; version: number } | null;
  error?: string;
};

export const fetchFeatureVector = ({
  project,
  name,
  version,
  entities,
}: {
  project: string;
  name: string;
  version: number;
  entities: Record<string, unknown>;
}) =>
  apiFetch<TVectorResponse>(projectPath(project, `/feature-views/${encodeURIComponent(name)}/${version}/vector`), {
    method: "POST",
    json: { entities, options: { includeMetadata: true } },
  });

const NUMERIC = new Set(["int", "float", "double"]);

/** Form text → the JSON value a serving key of this type takes (bigint stays text: exact beyond 2^53). */
export const servingKeyValue = (type: string, text: string): unknown => {
  const trimmed = text.trim();
  if (NUMERIC.has(type) && trimmed !== "" && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (type === "boolean") return trimmed === "true" ? true : trimmed === "false" ? false : trimmed;
  return trimmed;
};

/** The equivalent curl command against the feature server (default port), for copying into a terminal. */
export const vectorCurl = ({
  project,
  name,
  version,
  entities,
  origin = `http://localhost:${DEFAULT_SERVING_PORT}`,
}: {
  project: string;
  name: string;
  version: number;
  entities: Record<string, unknown>;
  origin?: string;
}) =>
  `curl -s -X POST ${origin}/v1/projects/${encodeURIComponent(project)}/feature-views/${encodeURIComponent(name)}/${version}/vector \\\n  -H "Authorization: Bearer $LARDER_API_KEY" -H "Content-Type: application/json" \\\n  -d '${JSON.stringify({ entities }).replaceAll("'", "'\\''")}'`;

/** Rows of the result table: feature name, type and value, in vector order. */
export const vectorRows = (response: TVectorResponse) =>
  (response.features ?? response.vector.map((_, index) => ({ name: `#${index}`, type: "" }))).map((feature, index) => ({
    ...feature,
    value: response.vector[index],
  }));

export const formatVectorValue = (value: unknown): string =>
  value === null || value === undefined ? "null" : typeof value === "string" ? value : JSON.stringify(value);
