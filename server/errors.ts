// Typed domain errors. They are mapped to HTTP in exactly one place: server/http/problem.ts.

export type TFieldIssue = { path: string; message: string };

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
