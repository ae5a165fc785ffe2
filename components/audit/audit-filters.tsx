"use client";

import { Filter, X } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/client/cn";
import type { TAuditFilters } from "@/lib/client/endpoints";

const pad = (value: number): string => String(value).padStart(2, "0");

/** ISO time → the value a datetime-local input shows, in the browser's time zone. */
const toLocalInput = (iso: string | undefined): string => {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

const fromLocalInput = (value: string): string | undefined => (value ? new Date(value).toISOString() : undefined);

// Text filters grow to share the row; times keep the width their picker needs.
const FILTERS = [
  { key: "actor", label: "Actor", placeholder: "email or key", className: "min-w-32 flex-1" },
  { key: "action", label: "Action", placeholder: "e.g. member.", className: "min-w-32 flex-1" },
  { key: "resourceType", label: "Resource type", placeholder: "e.g. apiKey", className: "min-w-32 flex-1" },
  { key: "from", label: "From", type: "datetime-local", className: "w-60" },
  { key: "to", label: "To", type: "datetime-local", className: "w-60" },
] as const;

/** The filter bar; times are entered in local time and kept in the URL as ISO so shared links agree. */
export const AuditFilters = ({
  filters,
  onApply,
}: {
  filters: TAuditFilters;
  onApply: (filters: TAuditFilters) => void;
}) => {
  const [draft, setDraft] = useState({ ...filters, from: toLocalInput(filters.from), to: toLocalInput(filters.to) });
  const hasFilters = Object.values(filters).some(Boolean);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    onApply({
      actor: draft.actor?.trim(),
      action: draft.action?.trim(),
      resourceType: draft.resourceType?.trim(),
      from: fromLocalInput(draft.from),
      to: fromLocalInput(draft.to),
    });
  };
  const clear = () => {
    setDraft({ from: "", to: "" });
    onApply({});
  };
  return (
    <form
      onSubmit={submit}
      role="search"
      aria-label="Filter audit events"
      className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3"
    >
      {FILTERS.map((filter) => (
        <div key={filter.key} className={cn("grid min-w-0 gap-1", filter.className)}>
          <Label htmlFor={`audit-${filter.key}`} className="text-xs">
            {filter.label}
          </Label>
          <Input
            id={`audit-${filter.key}`}
            type={"type" in filter ? filter.type : "text"}
            value={draft[filter.key] ?? ""}
            onValueChange={(value) => setDraft({ ...draft, [filter.key]: value })}
            placeholder={"placeholder" in filter ? filter.placeholder : undefined}
            className="h-8"
          />
        </div>
      ))}
      <div className="flex gap-2">
        <Button icon={Filter} type="submit" size="sm" variant="secondary">
          Apply filters
        </Button>
        {hasFilters && (
          <Button icon={X} type="button" size="sm" variant="ghost" onClick={clear}>
            Clear
          </Button>
        )}
      </div>
    </form>
  );
};
