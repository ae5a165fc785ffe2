import type { TServedVectors, TServingMetrics } from "@/lib/api/serving-observability";
import { apiFetch, projectPath, type TVersionRef } from "./api";

// Typed calls to a feature view's serving observability (docs/serving-observability.md) and their query keys.

export const servingKeys = {
  metrics: (project: string, name: string, version: number, windowMinutes: number) =>
    ["projects", project, "feature-views", name, version, "serving-metrics", windowMinutes] as const,
  servedVectors: (project: string, name: string, version: number) =>
    ["projects", project, "feature-views", name, version, "served-vectors"] as const,
};

const viewPath = (project: string, name: string, version: number, rest: string) =>
  projectPath(project, `/feature-views/${encodeURIComponent(name)}/${version}${rest}`);

export const fetchServingMetrics = ({
  project,
  name,
  version,
  windowMinutes,
}: TVersionRef & { windowMinutes: number }) => {
  const to = new Date();
  const from = new Date(to.getTime() - windowMinutes * 60_000);
  const query = `?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
  return apiFetch<TServingMetrics>(viewPath(project, name, version, `/serving-metrics${query}`));
};

export const fetchServedVectors = ({ project, name, version }: TVersionRef) =>
  apiFetch<TServedVectors>(viewPath(project, name, version, "/served-vectors?limit=10"));

export const updateServedVectorLogging = ({ project, name, version, rate }: TVersionRef & { rate: number }) =>
  apiFetch<{ rate: number }>(viewPath(project, name, version, "/served-vectors/config"), {
    method: "PUT",
    json: { rate },
  });
