"use client";

import { useQuery } from "@tanstack/react-query";
import { Layers } from "lucide-react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { FilterBar, sortChoice, type TFilterChoice } from "@/components/ui/filter-bar";
import { CatalogPage } from "@/components/ui/list-page";
import { oneOf, useUrlFilters } from "@/components/ui/use-url-filters";
import type { TFeatureView } from "@/lib/api/feature-views";
import {
  featureViewKeys,
  featureViewsHref,
  fetchFeatureViews,
  type TFeatureViewFilters,
  type TFeatureViewSort,
} from "@/lib/client/feature-views";
import { FeatureViewsTable } from "./feature-views-table";
import { SharedWithThisProject } from "@/components/sharing/shared-with-project";

const SORTS: Record<TFeatureViewSort, (a: TFeatureView, b: TFeatureView) => number> = {
  name: (a, b) => a.name.localeCompare(b.name) || b.version - a.version,
  created: (a, b) => b.createdAt.localeCompare(a.createdAt),
  features: (a, b) => b.features.length - a.features.length || a.name.localeCompare(b.name),
};

const DEFAULTS: TFeatureViewFilters = { sort: "name" };

const filtersFrom = (params: URLSearchParams): TFeatureViewFilters => ({
  q: params.get("q") || undefined,
  sort: oneOf(params, "sort", ["created", "features"]),
});

const CHOICES: TFilterChoice<TFeatureViewFilters>[] = [
  sortChoice({ name: "name", created: "newest", features: "number of features" }, "w-52"),
];

export const FeatureViewsPage = () => {
  const project = useCurrentProject();
  const canWrite = useCan("featureViews:write");
  const { filters, apply } = useUrlFilters({ parse: filtersFrom, defaults: DEFAULTS });
  const query = useQuery({
    queryKey: featureViewKeys.featureViewList(project.name, filters.q),
    queryFn: () => fetchFeatureViews({ project: project.name, q: filters.q }),
    placeholderData: (previous) => previous,
  });
  return (
    <>
      <CatalogPage
        noun="feature view"
        newHref={canWrite ? `${featureViewsHref(project.name)}/new` : undefined}
        title="Feature views"
        description="A feature view selects features from one or more feature groups, joined point-in-time correctly on their keys, with labels and transformations: the input of one model, for training datasets and online serving."
        query={query}
        items={query.data && [...query.data.featureViews].sort(SORTS[filters.sort ?? "name"])}
        loading={{ columns: 7, rows: 4 }}
        filters={<FilterBar filters={filters} onChange={apply} searchLabel="Filter feature views" choices={CHOICES} />}
        noMatch={{
          isFiltered: Boolean(filters.q),
          description: "Try another name, or clear the filter to see every feature view.",
          onClear: () => apply({ sort: filters.sort }),
        }}
        empty={{
          icon: Layers,
          description:
            "Pick a root feature group (the rows you predict for, with their labels), join other groups on their keys, and choose features. Training datasets and online vectors are made from a feature view.",
        }}
      >
        {(views) => <FeatureViewsTable project={project.name} featureViews={views} />}
      </CatalogPage>
      <SharedWithThisProject />
    </>
  );
};
