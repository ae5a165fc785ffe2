import type { TCreateDataSource, TDataSource, TFeatureGroupFromSource } from "@/lib/api/data-sources";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { apiFetch, projectPath } from "./api";

// Typed calls to the data sources API (docs/data-sources.md) and their react-query keys.

export const dataSourceKeys = {
  list: (project: string) => ["projects", project, "data-sources"] as const,
  source: (project: string, name: string) => ["projects", project, "data-sources", name] as const,
};

export const dataSourcesHref = (project: string) => `/projects/${encodeURIComponent(project)}/data-sources`;
export const dataSourceHref = (project: string, name: string) =>
  `${dataSourcesHref(project)}/${encodeURIComponent(name)}`;

export const fetchDataSources = (project: string) =>
  apiFetch<{ dataSources: TDataSource[] }>(projectPath(project, "/data-sources"));

export const fetchDataSource = (project: string, name: string) =>
  apiFetch<TDataSource>(projectPath(project, `/data-sources/${encodeURIComponent(name)}`));

export const createDataSource = (project: string, input: TCreateDataSource) =>
  apiFetch<TDataSource>(projectPath(project, "/data-sources"), { method: "POST", json: input });

export const createFeatureGroupFromSource = (project: string, source: string, input: TFeatureGroupFromSource) =>
  apiFetch<TFeatureGroup>(projectPath(project, `/data-sources/${encodeURIComponent(source)}/feature-groups`), {
    method: "POST",
    json: input,
  });
