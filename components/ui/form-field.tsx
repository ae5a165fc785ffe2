"use client";

import type { FieldValues, Path, RegisterOptions, UseFormRegisterReturn } from "react-hook-form";
import { messageAt } from "@/lib/client/form-errors";
import { Field, type TFieldControlProps } from "./field";
import { useFieldMessages, type TZodForm } from "./use-zod-form";

/** A labelled control registered with the form under `name`; it shows the message at that path or below it. */
export const FormField = <TValues extends FieldValues>({
  form,
  name,
  label,
  hint,
  options,
  children,
}: {
  form: TZodForm<TValues, unknown>;
  name: Path<TValues>;
  label: string;
  hint?: React.ReactNode;
  options?: RegisterOptions<TValues, Path<TValues>>;
  children: (control: TFieldControlProps & UseFormRegisterReturn<Path<TValues>>) => React.ReactNode;
}) => {
  const messages = useFieldMessages(form);
  return (
    <Field label={label} hint={hint} error={messageAt(messages, name)}>
      {(control) => children({ ...control, ...form.register(name, options) })}
    </Field>
  );
};
