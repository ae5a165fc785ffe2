"use client";

import { Filter, X } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
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

const TEXT_FILTERS = [
  { key: "actor", label: "Actor", placeholder: "email or key" },
  { key: "action", label: "Action", placeholder: "e.g. member." },
  { key: "resourceType", label: "Resource type", placeholder: "e.g. apiKey" },
] as const;

const TIME_FILTERS = [
  { key: "from", label: "From" },
  { key: "to", label: "To" },
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
      {TEXT_FILTERS.map((filter) => (
        <div key={filter.key} className="grid min-w-36 flex-1 gap-1">
          <Label htmlFor={`audit-${filter.key}`} className="text-xs">
            {filter.label}
          </Label>
          <Input
            id={`audit-${filter.key}`}
            value={draft[filter.key] ?? ""}
            onChange={(event) => setDraft({ ...draft, [filter.key]: event.target.value })}
            placeholder={filter.placeholder}
            className="h-8"
          />
        </div>
      ))}
      {TIME_FILTERS.map((filter) => (
        <div key={filter.key} className="grid w-52 min-w-0 gap-1">
          <Label htmlFor={`audit-${filter.key}`} className="text-xs">
            {filter.label}
          </Label>
          <Input
            id={`audit-${filter.key}`}
            type="datetime-local"
            value={draft[filter.key]}
            onChange={(event) => setDraft({ ...draft, [filter.key]: event.target.value })}
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
