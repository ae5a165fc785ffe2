import type { TCreateFeatureView, TFeatureView } from "@/lib/api/feature-views";
import type {
  TCreateTrainingDataset,
  TTrainingDataset,
  TTrainingDatasetFormat,
  TTrainingDatasetSummary,
} from "@/lib/api/training-datasets";
import type { TJob } from "@/lib/api/jobs";
import { apiFetch, projectPath, type TVersionRef } from "./api";

// Typed calls to the feature-view and training-dataset APIs, their react-query keys (below ["projects",
// project] so invalidating a project refreshes them) and the console's links to them.

export type TFeatureViewSort = "name" | "created" | "features";
export type TFeatureViewFilters = { q?: string; sort?: TFeatureViewSort };

export const featureViewKeys = {
  featureViews: (project: string) => ["projects", project, "feature-views"] as const,
  featureViewList: (project: string, q: string | undefined) =>
    ["projects", project, "feature-views", "list", q ?? ""] as const,
  featureView: (project: string, name: string, version: number) =>
    ["projects", project, "feature-views", name, version] as const,
  viewTrainingDatasets: (project: string, name: string, version: number) =>
    ["projects", project, "feature-views", name, version, "training-datasets"] as const,
  trainingDatasets: (project: string) => ["projects", project, "training-datasets"] as const,
  /** The project's list (under trainingDatasets, so what refreshes datasets refreshes it). */
  projectTrainingDatasets: (project: string) => ["projects", project, "training-datasets", { all: true }] as const,
  trainingDataset: (project: string, name: string, version: number) =>
    ["projects", project, "training-datasets", name, version] as const,
};

const viewPath = (project: string, name: string, version: number, rest = "") =>
  projectPath(project, `/feature-views/${encodeURIComponent(name)}/${version}${rest}`);
const datasetPath = (project: string, name: string, version: number, rest = "") =>
  projectPath(project, `/training-datasets/${encodeURIComponent(name)}/${version}${rest}`);

export type TCreatedTrainingDataset = { job: TJob; trainingDataset: TTrainingDataset };

export const fetchFeatureViews = ({ project, q }: { project: string; q?: string }) =>
  apiFetch<{ featureViews: TFeatureView[] }>(
    projectPath(project, `/feature-views${q ? `?q=${encodeURIComponent(q)}` : ""}`),
  );
export const fetchFeatureView = ({ project, name, version }: TVersionRef) =>
  apiFetch<TFeatureView>(viewPath(project, name, version));
export const createFeatureView = ({ project, body }: { project: string; body: TCreateFeatureView }) =>
  apiFetch<TFeatureView>(projectPath(project, "/feature-views"), { method: "POST", json: body });
export const deleteFeatureView = ({ project, name, version, force }: TVersionRef & { force: boolean }) =>
  apiFetch<void>(viewPath(project, name, version, force ? "?force=true" : ""), { method: "DELETE" });

export const fetchViewTrainingDatasets = ({ project, name, version }: TVersionRef) =>
  apiFetch<{ trainingDatasets: TTrainingDataset[] }>(viewPath(project, name, version, "/training-datasets"));
export const createTrainingDataset = ({
  project,
  name,
  version,
  body,
}: TVersionRef & { body: TCreateTrainingDataset }) =>
  apiFetch<TCreatedTrainingDataset>(viewPath(project, name, version, "/training-datasets"), {
    method: "POST",
    json: body,
  });
export const fetchProjectTrainingDatasets = (project: string) =>
  apiFetch<{ trainingDatasets: TTrainingDatasetSummary[] }>(projectPath(project, "/training-datasets"));
export const fetchTrainingDataset = ({ project, name, version }: TVersionRef) =>
  apiFetch<TTrainingDataset>(datasetPath(project, name, version));
export const deleteTrainingDataset = ({ project, name, version, force = false }: TVersionRef & { force?: boolean }) =>
  apiFetch<void>(datasetPath(project, name, version, force ? "?force=true" : ""), { method: "DELETE" });
export const recreateTrainingDataset = ({ project, name, version }: TVersionRef) =>
  apiFetch<TCreatedTrainingDataset>(datasetPath(project, name, version, "/recreate"), { method: "POST" });

export const splitDownloadHref = ({
  project,
  name,
  version,
  split,
  format,
}: TVersionRef & { split: string; format: TTrainingDatasetFormat }) =>
  datasetPath(project, name, version, `/splits/${encodeURIComponent(split)}?format=${format}`);

export const featureViewsHref = (project: string) => `/projects/${encodeURIComponent(project)}/feature-views`;
export const featureViewHref = (project: string, name: string, version: number) =>
  `${featureViewsHref(project)}/${encodeURIComponent(name)}/${version}`;
export const trainingDatasetsHref = (project: string) => `/projects/${encodeURIComponent(project)}/training-datasets`;
export const trainingDatasetHref = (project: string, name: string, version: number) =>
  `${trainingDatasetsHref(project)}/${encodeURIComponent(name)}/${version}`;
