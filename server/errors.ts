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
