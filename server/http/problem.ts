import "server-only";
import { z } from "zod";
import {
  BadRequestError,
  ConflictError,
  DomainError,
  ForbiddenError,
  InsufficientStorageError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  zodIssuesToFields,
  type TFieldIssue,
} from "../errors";
import { DeltaVersionNotFoundError, OfflineStoreInputError } from "../offline";
import { Prisma } from "../db/generated/client";

// RFC 9457 problem details. The one place where domain errors become HTTP.
export type TProblem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: TFieldIssue[];
  [extra: string]: unknown;
};

// A refusal answered to the caller quotes the values the caller sent or may read: the marks (lib/feature-values.ts)
// that hide them from others in stored job text are removed here.
export const problemResponse = (problem: TProblem, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(problem).replace(/[\uE000\uE001]/g, ""), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", ...headers },
  });

const STATUS_FOR: [new (...args: never[]) => DomainError, number, string][] = [
  [BadRequestError, 400, "Bad request"],
  [UnauthorizedError, 401, "Unauthorized"],
  [ForbiddenError, 403, "Forbidden"],
  [NotFoundError, 404, "Not found"],
  [ConflictError, 409, "Conflict"],
  [PayloadTooLargeError, 413, "Payload too large"],
  [InvalidInputError, 422, "Invalid input"],
  [TooManyRequestsError, 429, "Too many requests"],
  [ServiceUnavailableError, 503, "Service unavailable"],
  [InsufficientStorageError, 507, "Insufficient storage"],
];

export const errorToResponse = (error: unknown): Response => {
  // Caller input that only a lower layer could judge is still the caller's error, never a 500.
  if (error instanceof OfflineStoreInputError) {
    return problemResponse({
      type: "about:blank",
      title: "Invalid input",
      status: 422,
      detail: error.message,
      errors: [{ path: error.field, message: error.message }],
    });
  }
  if (error instanceof DeltaVersionNotFoundError) {
    return problemResponse({ type: "about:blank", title: "Invalid input", status: 422, detail: error.message });
  }
  // A unique constraint lost to a concurrent request (the service's own existence check passed first).
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    return problemResponse({
      type: "about:blank",
      title: "Conflict",
      status: 409,
      detail: "It already exists (created concurrently); reload and try again",
    });
  }
  if (error instanceof z.ZodError) {
    return problemResponse({
      type: "about:blank",
      title: "Invalid input",
      status: 422,
      detail: "The request failed validation",
      errors: zodIssuesToFields(error),
    });
  }
  for (const [ErrorClass, status, title] of STATUS_FOR) {
    if (error instanceof ErrorClass) {
      const problem: TProblem = { type: "about:blank", title, status, detail: error.message };
      if (error instanceof InvalidInputError) problem.errors = error.issues;
      const headers: Record<string, string> = {};
      if (error instanceof TooManyRequestsError) headers["retry-after"] = String(error.retryAfterSeconds);
      if (error instanceof UnauthorizedError) headers["www-authenticate"] = 'Bearer realm="larder"';
      return problemResponse(problem, headers);
    }
  }
  // Unknown errors are logged server-side with their stack and answered without internals.
  console.error("[larder] unhandled error", error);
  return problemResponse({
    type: "about:blank",
    title: "Internal server error",
    status: 500,
    detail: "An unexpected error occurred; it has been logged.",
  });
};
