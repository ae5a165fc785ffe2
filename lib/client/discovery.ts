import type { TAccessRequest, TCreateAccessRequest, TNotificationList, TRequestableRole } from "@/lib/api/discovery";
import { apiFetch, projectPath } from "./api";

// Typed calls to discovery and access requests (docs/sharing.md) and their react-query keys.

export const discoveryKeys = {
  projectRequests: (project: string) => ["projects", project, "access-requests"] as const,
  notifications: ["notifications"] as const,
};

export const setDiscoverable = (project: string, discoverable: boolean) =>
  apiFetch<{ discoverable: boolean }>(projectPath(project, "/discoverable"), { method: "PUT", json: { discoverable } });
export const fetchProjectRequests = (project: string) =>
  apiFetch<{ requests: TAccessRequest[] }>(projectPath(project, "/access-requests"));
export const decideRequest = (
  project: string,
  requestId: string,
  decision: "approve" | "decline",
  role?: TRequestableRole,
) =>
  apiFetch<TAccessRequest>(projectPath(project, `/access-requests/${encodeURIComponent(requestId)}/${decision}`), {
    method: "POST",
    ...(decision === "approve" ? { json: { role } } : {}),
  });
export const requestAccess = (body: TCreateAccessRequest) =>
  apiFetch<TAccessRequest>("/api/v1/access-requests", { method: "POST", json: body });
export const fetchNotifications = () => apiFetch<TNotificationList>("/api/v1/notifications");
export const markNotificationsRead = () =>
  apiFetch<TNotificationList>("/api/v1/notifications/read", { method: "POST", json: { all: true } });
