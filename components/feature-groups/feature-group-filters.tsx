"use client";

import { FilterBar, type TFilterChoice } from "@/components/ui/filter-bar";
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

const CHOICES: TFilterChoice<TFeatureGroupFilters>[] = [
  { key: "onlineEnabled", label: "Online store", options: STORES },
  { key: "sort", label: "Sort by", options: SORTS, fallback: "name", className: "w-48" },
];

/** Text, online and sort controls of the catalog; the page keeps their values in the URL. */
export const FeatureGroupFilters = (props: {
  filters: TFeatureGroupFilters;
  onChange: (next: TFeatureGroupFilters) => void;
}) => <FilterBar {...props} searchLabel="Filter feature groups" choices={CHOICES} />;
