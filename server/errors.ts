import type { z } from "zod";

// Typed domain errors. They are mapped to HTTP in exactly one place: server/http/problem.ts.

export type TFieldIssue = { path: string; message: string };

/** A zod error as field issues, paths joined with dots under `prefix` (e.g. "payload.note"). */
export const zodIssuesToFields = (error: z.ZodError, prefix = ""): TFieldIssue[] =>
  error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join("."),
    message: issue.message,
  }));

export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {}

/** The row a versioned lookup found, or 404 naming what was asked for (`Feature group 'x' version 2 not found`). */
export const foundVersion = <T>(
  row: T | null,
  what: string,
  { name, version }: { name: string; version: number },
): T => {
  if (!row) throw new NotFoundError(`${what} '${name}' version ${version} not found`);
  return row;
};
export class ConflictError extends DomainError {}
export class ForbiddenError extends DomainError {}
export class UnauthorizedError extends DomainError {}
export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
export class PayloadTooLargeError extends DomainError {}
export class BadRequestError extends DomainError {}
export class InvalidInputError extends DomainError {
  constructor(
    message: string,
    readonly issues: TFieldIssue[] = [],
  ) {
    super(message);
  }
}

/** The data directory cannot take a write: the device is full or the quota is used up (507). */
export class InsufficientStorageError extends DomainError {}

/**
 * Something this server depends on cannot serve the request now (503): the data directory refuses writes
 * (read-only, permission denied), or the registry is unreachable for what the feature server has not cached.
 */
export class ServiceUnavailableError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number = 30,
  ) {
    super(message);
  }
}

// errno codes of a write that the storage refused. Any write to the data directory made for a request goes
// through withStorageErrors, so each of these reaches the caller as one clear problem instead of a generic 500.
const STORAGE_FULL_CODES = new Set(["ENOSPC", "EDQUOT"]);
const STORAGE_REFUSED_CODES = new Set(["EACCES", "EROFS", "EPERM"]);
// DuckDB (COPY, Parquet writes) reports the same conditions as text, without an errno code.
const STORAGE_FULL_TEXT = /No space left on device|Disk quota exceeded/i;
const STORAGE_REFUSED_TEXT = /Read-only file system|Permission denied|Operation not permitted/i;

/** The typed error for a storage failure (its message names no server path), or `error` itself. */
export const toStorageError = (error: unknown): unknown => {
  if (error instanceof DomainError || !(error instanceof Error)) return error;
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (STORAGE_FULL_CODES.has(code) || (!code && STORAGE_FULL_TEXT.test(error.message)))
    return new InsufficientStorageError(
      "The server's data directory is full (no space left or quota exceeded); nothing was written. Free space, then retry.",
    );
  if (STORAGE_REFUSED_CODES.has(code) || (!code && STORAGE_REFUSED_TEXT.test(error.message)))
    return new ServiceUnavailableError(
      "The server's data directory does not accept writes (read-only or permission denied); nothing was written. Ask an operator to fix the storage, then retry.",
    );
  return error;
};

/** Runs a write to the data directory, turning storage refusals into InsufficientStorageError / ServiceUnavailableError. */
export const withStorageErrors = async <T>(write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (error) {
    throw toStorageError(error);
  }
};
