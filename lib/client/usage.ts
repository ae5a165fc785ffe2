import type { TAdminUsageReport, TUsageReport } from "@/lib/api/usage";
import { apiFetch, projectPath } from "./api";

// Typed calls to the usage API (docs/usage.md) and their react-query keys.

export const usageKeys = {
  project: (project: string, from: string, to: string) => ["projects", project, "usage", from, to] as const,
  admin: (from: string, to: string) => ["admin", "usage", from, to] as const,
};

const rangeQuery = (from: string, to: string, format?: "csv") =>
  `?${new URLSearchParams({ from, to, ...(format ? { format } : {}) })}`;

export const projectUsagePath = (project: string, from: string, to: string, format?: "csv") =>
  projectPath(project, `/usage${rangeQuery(from, to, format)}`);
export const adminUsagePath = (from: string, to: string, format?: "csv") =>
  `/api/v1/admin/usage${rangeQuery(from, to, format)}`;

export const fetchProjectUsage = (project: string, from: string, to: string) =>
  apiFetch<TUsageReport>(projectUsagePath(project, from, to));
export const fetchAdminUsage = (from: string, to: string) => apiFetch<TAdminUsageReport>(adminUsagePath(from, to));
