import type { TLineageGraph, TLineageImpact, TLineageNodeKind, TPiiFlow } from "@/lib/api/lineage";
import { apiFetch, projectPath } from "./api";

// Typed calls to the lineage API (docs/lineage.md) and their react-query keys.

export type TLineageRef = { project: string; kind: TLineageNodeKind; name: string; version: number };

export const lineageKeys = {
  graph: (ref: TLineageRef, depth: number, direction: string) =>
    ["projects", ref.project, "lineage", ref.kind, ref.name, ref.version, depth, direction] as const,
  impact: (ref: TLineageRef) => ["projects", ref.project, "lineage-impact", ref.kind, ref.name, ref.version] as const,
  pii: (project: string, group: string, feature: string) =>
    ["projects", project, "lineage-pii", group, feature] as const,
};

const target = ({ kind, name, version }: TLineageRef) => new URLSearchParams({ kind, name, version: String(version) });

export const fetchLineage = (ref: TLineageRef, depth: number, direction = "both") =>
  apiFetch<TLineageGraph>(
    projectPath(ref.project, `/lineage?${target(ref)}&${new URLSearchParams({ depth: String(depth), direction })}`),
  );

export const fetchLineageImpact = (ref: TLineageRef) =>
  apiFetch<TLineageImpact>(projectPath(ref.project, `/lineage/impact?${target(ref)}`));

export const fetchPiiFlow = (project: string, group: string, feature: string) => {
  const query = new URLSearchParams();
  if (group) query.set("group", group);
  if (group && feature) query.set("feature", feature);
  return apiFetch<TPiiFlow>(projectPath(project, `/lineage/pii${query.size ? `?${query}` : ""}`));
};

export const setEdgeDeidentifying = ({
  project,
  edge,
  deidentifying,
  reason,
}: {
  project: string;
  edge: string;
  deidentifying: boolean;
  reason: string;
}) =>
  apiFetch(projectPath(project, `/lineage/edges/${edge}/deidentifying`), {
    method: "PUT",
    json: { deidentifying, reason },
  });

export const lineageHref = (project: string, kind: TLineageNodeKind, name: string, version: number) =>
  `/projects/${encodeURIComponent(project)}/lineage?${new URLSearchParams({ kind, name, version: String(version) })}`;

export const piiFlowHref = (project: string) => `/projects/${encodeURIComponent(project)}/lineage/pii`;
