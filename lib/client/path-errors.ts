import type { z } from "zod";
import { ApiError } from "./api";

export type TPathErrors = Partial<Record<string, string>>;

/**
 * Field messages keyed by their full path ("features.2.type", "primaryKey.0", "eventTime"), from a
 * client-side zod error or the API's 422 `errors`, so nested form rows can show their own message.
 */
export const pathErrorsOf = (error: unknown): TPathErrors => {
  const errors: TPathErrors = {};
  if (error instanceof ApiError) {
    for (const issue of error.errors) errors[issue.path] ??= issue.message;
    return errors;
  }
  if (error && typeof error === "object" && "issues" in error) {
    for (const issue of (error as z.ZodError).issues) errors[issue.path.map(String).join(".")] ??= issue.message;
  }
  return errors;
};

/** The first message at `path` or anywhere below it (`primaryKey` finds `primaryKey.1`). */
export const errorAt = (errors: TPathErrors, path: string): string | undefined =>
  errors[path] ?? Object.entries(errors).find(([key]) => key.startsWith(`${path}.`))?.[1];
