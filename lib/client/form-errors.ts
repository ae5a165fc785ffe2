import type { z } from "zod";
import { ApiError } from "./api";

export type TFieldErrors = Partial<Record<string, string>>;

/**
 * Field messages keyed by the top-level field, from either a client-side zod error or the API's 422
 * `errors` list, so a form shows both the same way.
 */
export const fieldErrorsOf = (error: unknown): TFieldErrors => {
  const errors: TFieldErrors = {};
  if (error instanceof ApiError) {
    for (const issue of error.errors) errors[issue.path.split(".")[0]] ??= issue.message;
    return errors;
  }
  if (error && typeof error === "object" && "issues" in error) {
    for (const issue of (error as z.ZodError).issues) errors[String(issue.path[0] ?? "")] ??= issue.message;
  }
  return errors;
};
