"use client";

import { Search } from "lucide-react";
import { useEffect, useState } from "react";
import { Input, Select } from "@/components/ui/input";
import type { TFeatureGroupFilters, TFeatureGroupSort } from "@/lib/client/feature-store";

const SEARCH_DEBOUNCE_MS = 300;

/** Text, online and sort controls of the catalog; the page keeps their values in the URL. */
export const FeatureGroupFilters = ({ filters, onChange }: { filters: TFeatureGroupFilters; onChange: (next: TFeatureGroupFilters) => void }) => {
  const [text, setText] = useState(filters.q ?? "");
  useEffect(() => {
    if ((filters.q ?? "") === text) return;
    const timer = setTimeout(() => onChange({ ...filters, q: text || undefined }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, filters, onChange]);
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2.5">
      <div className="relative w-full max-w-xs">
        <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-slate-500" aria-hidden />
        <Input type="search" aria-label="Filter feature groups" placeholder="Filter by name or description…" value={text} onChange={(event) => setText(event.target.value)} className="h-8 pl-8" />
      </div>
      <Select
        aria-label="Online store"
        className="h-8 w-44"
        value={filters.onlineEnabled ?? ""}
        onChange={(event) => onChange({ ...filters, onlineEnabled: (event.target.value || undefined) as TFeatureGroupFilters["onlineEnabled"] })}
      >
        <option value="">All stores</option>
        <option value="true">Online-enabled</option>
        <option value="false">Offline only</option>
      </Select>
      <Select aria-label="Sort by" className="h-8 w-48" value={filters.sort ?? "name"} onChange={(event) => onChange({ ...filters, sort: event.target.value as TFeatureGroupSort })}>
        <option value="name">Sort by name</option>
        <option value="updated">Sort by last commit</option>
        <option value="rows">Sort by rows</option>
      </Select>
    </div>
  );
};
