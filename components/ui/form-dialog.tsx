"use client";

import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type FieldValues, useFormState } from "react-hook-form";
import { Alert } from "./alert";
import { Button } from "./button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "./dialog";
import { handleZodSubmit, useFormProblem, type TZodForm } from "./use-zod-form";

/** What a dialog shows once its request was accepted and there is more to see (a job's progress, a secret). */
export type TDialogOutcome = { content: React.ReactNode; closeLabel: string };

/**
 * The console's one dialog around a form: a trigger (or an outside `isOpen`), the fields, Cancel and a submit
 * button that spins while the request runs, and the API's refusal under the fields it names or above them.
 * Closing resets the form. A dialog with an `outcome` stays open after submitting and shows it instead of the
 * fields; a stray click outside does not close it, so the outcome is not lost.
 */
export const FormDialog = <TValues extends FieldValues, TRequest>({
  form,
  onSubmit,
  invalidates = [],
  trigger,
  isOpen: outsideIsOpen,
  onOpenChange,
  onClosed,
  title,
  description,
  role,
  className,
  submitLabel,
  submitVariant = "primary",
  canSubmit = true,
  closesOnSuccess = true,
  outcome,
  failure = "Something went wrong; try again.",
  children,
}: {
  form: TZodForm<TValues, TRequest>;
  onSubmit: (request: TRequest) => Promise<unknown>;
  /** Cached queries the accepted request changes; refreshed before the dialog closes. */
  invalidates?: readonly QueryKey[];
  trigger?: React.ReactNode;
  isOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Resets whatever the dialog keeps beside the form. */
  onClosed?: () => void;
  title: string;
  description?: React.ReactNode;
  role?: "dialog" | "alertdialog";
  className?: string;
  submitLabel: React.ReactNode;
  submitVariant?: "primary" | "danger";
  canSubmit?: boolean;
  closesOnSuccess?: boolean;
  outcome?: TDialogOutcome | null;
  failure?: string;
  children?: React.ReactNode;
}) => {
  const queryClient = useQueryClient();
  const [ownIsOpen, setOwnIsOpen] = useState(false);
  const problem = useFormProblem(form);
  const { isSubmitting } = useFormState({ control: form.control });
  const isOpen = outsideIsOpen ?? ownIsOpen;
  const changeOpen = (open: boolean) => {
    setOwnIsOpen(open);
    onOpenChange?.(open);
    if (open) return;
    form.reset();
    onClosed?.();
  };
  const submit = handleZodSubmit({
    form,
    onSubmit: async (request) => {
      await onSubmit(request);
      await Promise.all(invalidates.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      if (closesOnSuccess) changeOpen(false);
    },
    fallback: failure,
  });
  return (
    <Dialog open={isOpen} onOpenChange={changeOpen}>
      {trigger && <DialogTrigger asChild>{trigger}</DialogTrigger>}
      <DialogContent
        title={title}
        description={description}
        // Radix gives the content role="dialog"; an explicit undefined would erase it.
        {...(role ? { role } : {})}
        className={className}
        onInteractOutside={outcome ? (event) => event.preventDefault() : undefined}
      >
        <form onSubmit={submit} noValidate className="grid gap-4">
          {problem && <Alert tone="danger">{problem}</Alert>}
          {outcome ? outcome.content : children}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant={outcome ? "primary" : "secondary"}>
                {outcome ? outcome.closeLabel : "Cancel"}
              </Button>
            </DialogClose>
            {!outcome && (
              <Button type="submit" variant={submitVariant} isLoading={isSubmitting} disabled={!canSubmit}>
                {submitLabel}
              </Button>
            )}
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
