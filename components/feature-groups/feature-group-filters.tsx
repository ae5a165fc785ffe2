"use client";

import { FilterBar, sortChoice, type TFilterChoice } from "@/components/ui/filter-bar";
import type { TFeatureGroupFilters } from "@/lib/client/feature-store";

const STORES = [
  { value: "", label: "All stores" },
  { value: "true", label: "Online-enabled" },
  { value: "false", label: "Offline only" },
] as const;

const CHOICES: TFilterChoice<TFeatureGroupFilters>[] = [
  { key: "onlineEnabled", label: "Online store", options: STORES },
  sortChoice({ name: "name", updated: "last commit", rows: "rows" }, "w-48"),
];

/** Text, online and sort controls of the catalog; the page keeps their values in the URL. */
export const FeatureGroupFilters = (props: {
  filters: TFeatureGroupFilters;
  onChange: (next: TFeatureGroupFilters) => void;
}) => <FilterBar {...props} searchLabel="Filter feature groups" choices={CHOICES} />;
