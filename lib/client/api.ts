// The console's typed client for /api/v1. Every console action goes through the same API programs use.

export type TFieldError = { path: string; message: string };

/** A versioned object of a project (feature group, feature view, training dataset) as the API addresses it. */
export type TVersionRef = { project: string; name: string; version: number };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: TFieldError[] = [],
  ) {
    super(detail ?? title);
  }
  /** The message for one form field, if the server named it. */
  fieldError(path: string): string | undefined {
    return this.errors.find((error) => error.path === path)?.message;
  }
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const apiFetch = async <T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> => {
  const method = (init.method ?? "GET").toUpperCase();
  const headers = new Headers(init.headers);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  // Cookie-authenticated mutations need this header (cross-site request forgery protection).
  if (MUTATING.has(method)) headers.set("x-larder-csrf", "1");
  const response = await fetch(path, {
    ...init,
    method,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!response.ok)
    throw new ApiError(response.status, body?.title ?? response.statusText, body?.detail, body?.errors ?? []);
  return body as T;
};

export const projectPath = (project: string, rest = ""): string =>
  `/api/v1/projects/${encodeURIComponent(project)}${rest}`;
