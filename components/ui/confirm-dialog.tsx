"use client";

import { z } from "zod";
import { FormDialog } from "./form-dialog";
import { FormField } from "./form-field";
import { Input } from "./input";
import { useZodForm } from "./use-zod-form";

const ZConfirmationSchema = z.object({ confirm: z.string() });

/**
 * Asks before a destructive action, says what will be lost, and shows the API's answer if it refuses. With
 * `typedConfirmation` the action waits until the name is typed again (for what cannot be undone at scale).
 */
export const ConfirmDialog = ({
  trigger,
  title,
  description,
  confirmLabel,
  onConfirm,
  typedConfirmation,
  canSubmit = true,
  onOpenChange,
  children,
}: {
  trigger: React.ReactNode;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  typedConfirmation?: { label: string; value: string };
  /** Further conditions before the action may be confirmed (a forced delete's checkbox). */
  canSubmit?: boolean;
  onOpenChange?: (open: boolean) => void;
  children?: React.ReactNode;
}) => {
  const form = useZodForm({ schema: ZConfirmationSchema, defaultValues: { confirm: "" } });
  const typed = form.watch("confirm");
  return (
    <FormDialog
      form={form}
      onSubmit={onConfirm}
      trigger={trigger}
      title={title}
      description={description}
      role="alertdialog"
      submitLabel={confirmLabel}
      submitVariant="danger"
      onOpenChange={onOpenChange}
      canSubmit={canSubmit && (!typedConfirmation || typed === typedConfirmation.value)}
    >
      {children}
      {typedConfirmation && (
        <FormField
          form={form}
          name="confirm"
          label={typedConfirmation.label}
          hint={
            <>
              Enter <span className="font-mono font-medium text-slate-900">{typedConfirmation.value}</span>
            </>
          }
        >
          {(control) => <Input {...control} autoComplete="off" spellCheck={false} autoFocus className="font-mono" />}
        </FormField>
      )}
    </FormDialog>
  );
};
