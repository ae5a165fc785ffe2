import type { TCreateErasureRequest, TErasureRequest } from "@/lib/api/erasure";
import { apiFetch, projectPath } from "./api";

// Typed calls to the erasure API (docs/erasure.md) and their react-query keys.

export const erasureKeys = {
  list: (project: string) => ["projects", project, "erasure-requests"] as const,
};

export const fetchErasureRequests = (project: string) =>
  apiFetch<{ erasureRequests: TErasureRequest[] }>(projectPath(project, "/erasure-requests"));

export const createErasureRequest = (project: string, input: TCreateErasureRequest) =>
  apiFetch<{ erasureRequest: TErasureRequest }>(projectPath(project, "/erasure-requests"), {
    method: "POST",
    json: input,
  });

export const closeErasureRequest = (project: string, requestId: string) =>
  apiFetch<TErasureRequest>(projectPath(project, `/erasure-requests/${encodeURIComponent(requestId)}/close`), {
    method: "POST",
  });

/** Is the request's job still working (the list refreshes while one is)? */
export const isActiveErasure = (request: TErasureRequest) =>
  request.status === "QUEUED" || request.status === "RUNNING";
