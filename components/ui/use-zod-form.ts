"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import {
  type DefaultValues,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormReturn,
  useForm,
  useFormState,
} from "react-hook-form";
import type { z } from "zod";
import { fieldMessagesOf, flattenFieldErrors, problemSummary, type TFieldMessages } from "@/lib/client/form-errors";

/** A form whose fields are `TValues` and whose submit hands over the parsed request body `TRequest`. */
export type TZodForm<TValues extends FieldValues = FieldValues, TRequest = unknown> = UseFormReturn<
  TValues,
  unknown,
  TRequest
>;

/**
 * react-hook-form validated by the very zod schema the API parses the request with, so the console refuses
 * exactly what the server would. A form whose fields are not the body itself (text to be parsed, days until a
 * date) passes `toRequest`; the schema then checks what would be sent, and its messages keep the body's paths.
 */
export const useZodForm = <
  TSchema extends z.ZodType,
  TValues extends FieldValues = z.input<TSchema> extends FieldValues ? z.input<TSchema> : never,
>({
  schema,
  defaultValues,
  toRequest,
}: {
  schema: TSchema;
  defaultValues: DefaultValues<NoInfer<TValues>>;
  toRequest?: (values: NoInfer<TValues>) => z.input<TSchema>;
}): TZodForm<TValues, z.output<TSchema>> => {
  return useForm<TValues, unknown, z.output<TSchema>>({
    defaultValues,
    resolver: zodFormResolver({ schema, toRequest }),
  });
};

/** The resolver behind `useZodForm`: the schema's verdict on the request the values would become. */
export const zodFormResolver = <TSchema extends z.ZodType, TValues extends FieldValues>({
  schema,
  toRequest,
}: {
  schema: TSchema;
  toRequest?: (values: TValues) => z.input<TSchema>;
}): Resolver<TValues, unknown, z.output<TSchema>> => {
  const validate = zodResolver(schema as never) as unknown as Resolver<TValues, unknown, z.output<TSchema>>;
  return (values, context, options) => validate(toRequest ? (toRequest(values) as TValues) : values, context, options);
};

/** The form's current field messages by path, for field components that show nested paths themselves. */
export const useFieldMessages = <TValues extends FieldValues, TRequest>(
  form: TZodForm<TValues, TRequest>,
): TFieldMessages => flattenFieldErrors(useFormState({ control: form.control }).errors);

const SERVER_PROBLEM = "root.server";

/**
 * Shows a refused submit on the form: each field message under the field its path starts with, and everything
 * no field shows (or the problem's detail) above the fields, where `useFormProblem` reads it.
 */
export const showProblem = <TValues extends FieldValues, TRequest>({
  form,
  error,
  fallback,
}: {
  form: TZodForm<TValues, TRequest>;
  error: unknown;
  fallback: string;
}) => {
  const values = form.getValues();
  const isField = (name: string) => name !== "" && Object.hasOwn(values, name);
  for (const [path, message] of Object.entries(fieldMessagesOf(error)))
    if (message && isField(path.split(".")[0])) form.setError(path as Path<TValues>, { type: "server", message });
  const summary = problemSummary({ error, isField, fallback });
  if (summary) form.setError(SERVER_PROBLEM as Path<TValues>, { type: "server", message: summary });
};

/** The form's submit handler: validates, sends, and shows a refusal with `showProblem`. */
export const handleZodSubmit = <TValues extends FieldValues, TRequest>({
  form,
  onSubmit,
  fallback,
}: {
  form: TZodForm<TValues, TRequest>;
  onSubmit: (request: TRequest) => Promise<unknown>;
  fallback: string;
}) =>
  form.handleSubmit(async (request) => {
    try {
      await onSubmit(request);
    } catch (error) {
      showProblem({ form, error, fallback });
    }
  });

export const useFormProblem = <TValues extends FieldValues, TRequest>(
  form: TZodForm<TValues, TRequest>,
): string | undefined => useFormState({ control: form.control }).errors.root?.server?.message;
