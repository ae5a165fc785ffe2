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

/** `datetime-local` text (the browser's local time, seconds optional) for an instant. */
export const toLocalDateTime = (instant: Date): string =>
  new Date(instant.getTime() - instant.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);

/**
 * The diff selector for version `version` as it stood at a `datetime-local` value (local time): `v3@<ISO UTC>`, or
 * null while the field holds no complete date and time.
 */
export const pointInTimeSelector = (version: number, localDateTime: string): string | null => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(localDateTime)) return null;
  const instant = new Date(localDateTime);
  return Number.isNaN(instant.getTime()) ? null : `v${version}@${instant.toISOString()}`;
};
