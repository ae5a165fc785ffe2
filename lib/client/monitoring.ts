import type { TAlert, TCreateMonitor, TFreshness, TMonitor, TMonitorRun, TUpdateMonitor } from "@/lib/api/monitoring";
import type { TJob } from "@/lib/api/jobs";
import { apiFetch, projectPath } from "./api";

// Typed calls to the monitoring API (docs/monitoring.md) and their react-query keys.

export type TMonitorTarget = { kind: "featureGroup" | "featureView"; name: string; version: number };

export const monitoringKeys = {
  monitors: (project: string, target: TMonitorTarget) => ["projects", project, "monitors", target] as const,
  runs: (project: string, monitor: string) => ["projects", project, "monitors", monitor, "runs"] as const,
  alerts: (project: string, subject?: string) => ["projects", project, "alerts", subject ?? null] as const,
  freshness: (project: string) => ["projects", project, "freshness"] as const,
  groupFreshness: (project: string, name: string, version: number) =>
    ["projects", project, "freshness", name, version] as const,
};

/** The subject alerts about a feature group or view carry. */
export const subjectOf = (target: TMonitorTarget) => `${target.kind}:${target.name}:${target.version}`;

export const fetchMonitors = (project: string, target: TMonitorTarget) =>
  apiFetch<{ monitors: TMonitor[] }>(
    projectPath(project, `/monitors?${target.kind}=${encodeURIComponent(target.name)}&version=${target.version}`),
  );

export const createMonitor = (project: string, input: TCreateMonitor) =>
  apiFetch<TMonitor>(projectPath(project, "/monitors"), { method: "POST", json: input });

export const updateMonitor = (project: string, name: string, input: TUpdateMonitor) =>
  apiFetch<TMonitor>(projectPath(project, `/monitors/${encodeURIComponent(name)}`), { method: "PATCH", json: input });

export const runMonitor = (project: string, name: string) =>
  apiFetch<{ job: TJob }>(projectPath(project, `/monitors/${encodeURIComponent(name)}/run`), { method: "POST" });

export const fetchMonitorRuns = (project: string, name: string) =>
  apiFetch<{ runs: TMonitorRun[] }>(projectPath(project, `/monitors/${encodeURIComponent(name)}/runs`));

export const fetchAlerts = (project: string, subject?: string) =>
  apiFetch<{ alerts: TAlert[]; unacknowledged: number }>(
    projectPath(project, `/alerts${subject ? `?subject=${encodeURIComponent(subject)}` : ""}`),
  );

export const acknowledgeAlert = (project: string, alertId: string, acknowledged: boolean) =>
  apiFetch<TAlert>(projectPath(project, `/alerts/${alertId}`), { method: "PATCH", json: { acknowledged } });

export const fetchFreshness = (project: string) =>
  apiFetch<{ groups: (TFreshness & { name: string; version: number })[] }>(projectPath(project, "/freshness"));

export const fetchGroupFreshness = (project: string, name: string, version: number) =>
  apiFetch<TFreshness>(projectPath(project, `/feature-groups/${encodeURIComponent(name)}/${version}/freshness`));

export const setGroupFreshnessSla = (project: string, name: string, version: number, slaSeconds: number | null) =>
  apiFetch<TFreshness>(projectPath(project, `/feature-groups/${encodeURIComponent(name)}/${version}/freshness`), {
    method: "PUT",
    json: { slaSeconds },
  });
