import type { TCreateModel, TModel } from "@/lib/api/models";
import { apiFetch, projectPath, type TVersionRef } from "./api";

// Typed calls to the model registry (docs/models.md) and their react-query keys.

export type TModelFilter = {
  featureView?: string;
  featureViewVersion?: number;
  trainingDataset?: string;
  trainingDatasetVersion?: number;
};

export const modelKeys = {
  list: (project: string, filter: TModelFilter = {}) => ["projects", project, "models", filter] as const,
  model: (project: string, name: string, version: number) => ["projects", project, "models", name, version] as const,
};

export const modelsHref = (project: string) => `/projects/${encodeURIComponent(project)}/models`;
export const modelHref = (project: string, name: string, version: number) =>
  `${modelsHref(project)}/${encodeURIComponent(name)}/${version}`;

const modelPath = ({ project, name, version }: TVersionRef, rest = "") =>
  projectPath(project, `/models/${encodeURIComponent(name)}/${version}${rest}`);

export const fetchModels = (project: string, filter: TModelFilter = {}) => {
  const query = new URLSearchParams(
    Object.entries(filter).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])),
  ).toString();
  return apiFetch<{ models: TModel[] }>(projectPath(project, `/models${query ? `?${query}` : ""}`));
};

export const fetchModel = (ref: TVersionRef) => apiFetch<TModel>(modelPath(ref));

export const createModel = (project: string, input: TCreateModel) =>
  apiFetch<TModel>(projectPath(project, "/models"), { method: "POST", json: input });

export const uploadModelArtifact = (ref: TVersionRef, file: File) =>
  apiFetch<TModel>(modelPath(ref, `/artifact?fileName=${encodeURIComponent(file.name)}`), {
    method: "PUT",
    headers: { "content-type": "application/octet-stream" },
    body: file,
  });

export const modelArtifactHref = (ref: TVersionRef) => modelPath(ref, "/artifact");
