"use client";

import { FilterBar } from "@/components/ui/filter-bar";
import { Select } from "@/components/ui/input";
import type { TFeatureGroupFilters, TFeatureGroupSort } from "@/lib/client/feature-store";

/** Text, online and sort controls of the catalog; the page keeps their values in the URL. */
export const FeatureGroupFilters = ({
  filters,
  onChange,
}: {
  filters: TFeatureGroupFilters;
  onChange: (next: TFeatureGroupFilters) => void;
}) => (
  <FilterBar query={filters.q} onQuery={(q) => onChange({ ...filters, q })} label="Filter feature groups">
    <Select
      aria-label="Online store"
      className="h-8 w-44"
      value={filters.onlineEnabled ?? ""}
      onChange={(event) =>
        onChange({
          ...filters,
          onlineEnabled: (event.target.value || undefined) as TFeatureGroupFilters["onlineEnabled"],
        })
      }
    >
      <option value="">All stores</option>
      <option value="true">Online-enabled</option>
      <option value="false">Offline only</option>
    </Select>
    <Select
      aria-label="Sort by"
      className="h-8 w-48"
      value={filters.sort ?? "name"}
      onChange={(event) => onChange({ ...filters, sort: event.target.value as TFeatureGroupSort })}
    >
      <option value="name">Sort by name</option>
      <option value="updated">Sort by last commit</option>
      <option value="rows">Sort by rows</option>
    </Select>
  </FilterBar>
);
