import type { TDefinitionDiff, TDefinitionHistory } from "@/lib/api/history";
import { apiFetch, projectPath } from "./api";

// Typed calls to the definition history API (docs/history.md) and their react-query keys.

export type THistoryArea = "feature-groups" | "feature-views";
type THistoryRef = { project: string; area: THistoryArea; name: string };

export const historyKeys = {
  history: ({ project, area, name }: THistoryRef) => ["projects", project, area, name, "history"] as const,
  diff: ({ project, area, name }: THistoryRef, from: string, to: string) =>
    ["projects", project, area, name, "diff", from, to] as const,
};

const namePath = ({ project, area, name }: THistoryRef, rest: string) =>
  projectPath(project, `/${area}/${encodeURIComponent(name)}${rest}`);

export const fetchDefinitionHistory = (ref: THistoryRef) => apiFetch<TDefinitionHistory>(namePath(ref, "/history"));

export const fetchDefinitionDiff = (ref: THistoryRef, from: string, to: string) =>
  apiFetch<TDefinitionDiff>(namePath(ref, `/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`));
