import { useId } from "react";
import { cn } from "@/lib/client/cn";
import { Input } from "./input";
import { Label } from "./label";

/** A control's error, in red under it; `id` lets the control refer to it (`aria-describedby`). */
export const FieldError = ({
  id,
  message,
  className,
}: {
  id?: string;
  message: string | null | undefined;
  className?: string;
}) =>
  message ? (
    <p id={id} className={cn("text-xs font-medium text-red-700", className)}>
      {message}
    </p>
  ) : null;

export type TFieldControlProps = { id: string; "aria-invalid": boolean; "aria-describedby"?: string };

/** A labelled form control with an optional hint and an inline error the control is described by. */
export const Field = ({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: React.ReactNode;
  error?: string;
  children: (control: TFieldControlProps) => React.ReactNode;
}) => {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {hint && !error && (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      <FieldError id={errorId} message={error} />
    </div>
  );
};

/** The most common field: a labelled text input (every other prop goes to the `Input`). */
export const TextField = ({
  label,
  hint,
  error,
  ...input
}: { label: string; hint?: React.ReactNode; error?: string } & React.ComponentProps<typeof Input>) => (
  <Field label={label} hint={hint} error={error}>
    {(control) => <Input {...control} {...input} />}
  </Field>
);
