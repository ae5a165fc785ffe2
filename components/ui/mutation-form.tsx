"use client";

import type { UseMutationResult } from "@tanstack/react-query";
import { ApiError } from "@/lib/client/api";
import { Alert } from "./alert";
import { Button } from "./button";

/** The message the API gave for one field of a refused request, if any. */
export const fieldErrorOf =
  (error: unknown) =>
  (path: string): string | undefined =>
    error instanceof ApiError ? error.fieldError(path) : undefined;

/**
 * A form on a page that sends one request: the fields, the API's refusal above the button when it names no field
 * (fields show their own), and a submit button that spins while the request runs.
 */
export const MutationForm = ({
  mutation,
  submitLabel,
  canSubmit = true,
  children,
}: {
  mutation: Pick<UseMutationResult<unknown, Error, void>, "mutate" | "isPending" | "isError" | "error">;
  submitLabel: string;
  canSubmit?: boolean;
  children: React.ReactNode;
}) => (
  <form
    className="grid max-w-2xl gap-4"
    onSubmit={(event) => {
      event.preventDefault();
      if (canSubmit) mutation.mutate();
    }}
  >
    {children}
    {mutation.isError && !(mutation.error instanceof ApiError && mutation.error.errors.length) && (
      <Alert tone="danger">{mutation.error?.message}</Alert>
    )}
    <div>
      <Button type="submit" isLoading={mutation.isPending}>
        {submitLabel}
      </Button>
    </div>
  </form>
);
