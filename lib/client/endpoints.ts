import type {
  TApiKey,
  TAuditEvent,
  TCreateApiKey,
  TCreateProject,
  TCreateUser,
  TMember,
  TProject,
  TUser,
} from "@/lib/api/schemas";
import type { TRole } from "@/lib/scopes";
import { apiFetch, projectPath } from "./api";

// Typed calls to /api/v1 and the react-query keys they are cached under, so that a mutation knows
// exactly which lists to invalidate.

export const queryKeys = {
  me: ["me"] as const,
  users: ["users"] as const,
  projects: ["projects"] as const,
  project: (project: string) => ["projects", project] as const,
  members: (project: string) => ["projects", project, "members"] as const,
  apiKeys: (project: string) => ["projects", project, "api-keys"] as const,
  audit: (project: string, filters: TAuditFilters) => ["projects", project, "audit", filters] as const,
  openApi: ["openapi"] as const,
};

export type TAuditFilters = { actor?: string; action?: string; resourceType?: string; from?: string; to?: string };
export type TAuditPage = { events: TAuditEvent[]; nextCursor: number | null };

const AUDIT_PAGE_SIZE = 50;

export const fetchUsers = () => apiFetch<{ users: TUser[] }>("/api/v1/users");
export const createUser = (body: TCreateUser) => apiFetch<TUser>("/api/v1/users", { method: "POST", json: body });

export const fetchProjects = () => apiFetch<{ projects: TProject[] }>("/api/v1/projects");
export const fetchProject = (project: string) => apiFetch<TProject>(projectPath(project));
export const createProject = (body: TCreateProject) =>
  apiFetch<TProject>("/api/v1/projects", { method: "POST", json: body });
export const deleteProject = ({ project, confirm }: { project: string; confirm: string }) =>
  apiFetch<void>(projectPath(project), { method: "DELETE", json: { confirm } });

export const fetchMembers = (project: string) => apiFetch<{ members: TMember[] }>(projectPath(project, "/members"));
export const addMember = ({ project, email, role }: { project: string; email: string; role: TRole }) =>
  apiFetch<TMember>(projectPath(project, "/members"), { method: "POST", json: { email, role } });
export const updateMemberRole = ({ project, userId, role }: { project: string; userId: string; role: TRole }) =>
  apiFetch<TMember>(projectPath(project, `/members/${encodeURIComponent(userId)}`), {
    method: "PATCH",
    json: { role },
  });
export const removeMember = ({ project, userId }: { project: string; userId: string }) =>
  apiFetch<void>(projectPath(project, `/members/${encodeURIComponent(userId)}`), { method: "DELETE" });

export const fetchApiKeys = (project: string) => apiFetch<{ apiKeys: TApiKey[] }>(projectPath(project, "/api-keys"));
export const createApiKey = ({ project, body }: { project: string; body: TCreateApiKey }) =>
  apiFetch<{ apiKey: TApiKey; secret: string }>(projectPath(project, "/api-keys"), { method: "POST", json: body });
export const revokeApiKey = ({ project, keyId }: { project: string; keyId: string }) =>
  apiFetch<TApiKey>(projectPath(project, `/api-keys/${encodeURIComponent(keyId)}`), { method: "DELETE" });

export const fetchAuditPage = ({
  project,
  filters,
  cursor,
}: {
  project: string;
  filters: TAuditFilters;
  cursor?: number;
}) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (cursor) params.set("cursor", String(cursor));
  params.set("limit", String(AUDIT_PAGE_SIZE));
  return apiFetch<TAuditPage>(projectPath(project, `/audit?${params}`));
};

export const fetchOpenApi = () => apiFetch<unknown>("/api/v1/openapi.json");
