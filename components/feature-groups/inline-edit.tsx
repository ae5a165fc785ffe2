"use client";

import { Pencil } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/input";
import { FieldError } from "@/components/ui/field";
import { ApiError } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";

/** Text shown as-is, with an Edit button for writers that turns it into a field with Save and Cancel. */
export const InlineEdit = ({
  value,
  label,
  placeholder,
  canEdit,
  isMultiline = false,
  onSave,
  className,
}: {
  value: string;
  label: string;
  placeholder: string;
  canEdit: boolean;
  isMultiline?: boolean;
  onSave: (next: string) => Promise<unknown>;
  className?: string;
}) => {
  const [draft, setDraft] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (draft === null) return;
    setIsSaving(true);
    setError(null);
    try {
      await onSave(draft);
      setDraft(null);
    } catch (caught) {
      setError(
        caught instanceof ApiError
          ? (caught.errors[0]?.message ?? caught.detail ?? caught.title)
          : "Not saved; try again.",
      );
    } finally {
      setIsSaving(false);
    }
  };
  if (draft === null) {
    return (
      <span className={cn("group inline-flex items-start gap-1.5", className)}>
        <span className={value ? undefined : "text-slate-500"}>{value || placeholder}</span>
        {canEdit && (
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="-my-1 size-6 shrink-0 text-slate-500"
            aria-label={`Edit ${label}`}
            onClick={() => setDraft(value)}
          >
            <Pencil className="!size-3.5" aria-hidden />
          </Button>
        )}
      </span>
    );
  }
  const Control = isMultiline ? Textarea : Input;
  return (
    <form onSubmit={save} className={cn("grid w-full max-w-2xl gap-1.5", className)}>
      <Control
        aria-label={label}
        value={draft}
        onChange={(event: React.ChangeEvent<HTMLInputElement & HTMLTextAreaElement>) => setDraft(event.target.value)}
        onKeyDown={(event: React.KeyboardEvent) => event.key === "Escape" && setDraft(null)}
        autoFocus
        aria-invalid={Boolean(error)}
        className={isMultiline ? "min-h-16" : "h-8"}
      />
      <FieldError message={error} />
      <div className="flex gap-2">
        <Button type="submit" size="sm" isLoading={isSaving}>
          Save
        </Button>
        <Button type="button" size="sm" variant="secondary" onClick={() => setDraft(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
};
