"use client";

import { FilterBar, FilterSelect } from "@/components/ui/filter-bar";
import type { TFeatureGroupFilters } from "@/lib/client/feature-store";

const STORES = [
  { value: "", label: "All stores" },
  { value: "true", label: "Online-enabled" },
  { value: "false", label: "Offline only" },
] as const;

const SORTS = [
  { value: "name", label: "Sort by name" },
  { value: "updated", label: "Sort by last commit" },
  { value: "rows", label: "Sort by rows" },
] as const;

/** Text, online and sort controls of the catalog; the page keeps their values in the URL. */
export const FeatureGroupFilters = ({
  filters,
  onChange,
}: {
  filters: TFeatureGroupFilters;
  onChange: (next: TFeatureGroupFilters) => void;
}) => (
  <FilterBar query={filters.q} onQuery={(q) => onChange({ ...filters, q })} label="Filter feature groups">
    <FilterSelect
      label="Online store"
      value={filters.onlineEnabled}
      options={STORES}
      onChange={(onlineEnabled) => onChange({ ...filters, onlineEnabled })}
    />
    <FilterSelect
      label="Sort by"
      value={filters.sort ?? "name"}
      options={SORTS}
      onChange={(sort) => onChange({ ...filters, sort })}
      className="w-48"
    />
  </FilterBar>
);
