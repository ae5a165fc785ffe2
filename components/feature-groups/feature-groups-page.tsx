"use client";

import { useQuery } from "@tanstack/react-query";
import { Database } from "lucide-react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { CatalogPage } from "@/components/ui/list-page";
import { oneOf, useUrlFilters } from "@/components/ui/use-url-filters";
import { featureStoreKeys, fetchFeatureGroups, type TFeatureGroupFilters } from "@/lib/client/feature-store";
import { FeatureGroupFilters } from "./feature-group-filters";
import { FeatureGroupsTable } from "./feature-groups-table";
import { SharedWithThisProject } from "@/components/sharing/shared-with-project";

const DEFAULTS: TFeatureGroupFilters = { sort: "name" };

const filtersFrom = (params: URLSearchParams): TFeatureGroupFilters => ({
  q: params.get("q") || undefined,
  onlineEnabled: oneOf(params, "onlineEnabled", ["true", "false"]),
  sort: oneOf(params, "sort", ["updated", "rows"]),
});

export const FeatureGroupsPage = () => {
  const project = useCurrentProject();
  const canWrite = useCan("featureGroups:write");
  const { filters, apply } = useUrlFilters({ parse: filtersFrom, defaults: DEFAULTS });
  const query = useQuery({
    queryKey: featureStoreKeys.featureGroupList(project.name, filters),
    queryFn: () => fetchFeatureGroups({ project: project.name, filters }),
    placeholderData: (previous) => previous,
  });
  return (
    <>
      <CatalogPage
        noun="feature group"
        newHref={canWrite ? `/projects/${encodeURIComponent(project.name)}/feature-groups/new` : undefined}
        title="Feature groups"
        description="Versioned tables of features about one entity, with their full history in the offline store and, when online-enabled, the latest row per key for serving."
        query={query}
        items={query.data?.featureGroups}
        loading={{ columns: 6, rows: 5 }}
        filters={<FeatureGroupFilters filters={filters} onChange={apply} />}
        noMatch={{
          isFiltered: Boolean(filters.q || filters.onlineEnabled),
          description: "Try another name, or clear the filters to see the whole catalog.",
          onClear: () => apply({ sort: filters.sort }),
        }}
        empty={{
          icon: Database,
          description:
            "A feature group is a versioned table of features about one entity (a customer, a card, a merchant), keyed by its primary key. Define one by hand, or start from a CSV, Parquet or JSON Lines file and Larder infers the schema.",
        }}
      >
        {(groups) => <FeatureGroupsTable project={project.name} featureGroups={groups} />}
      </CatalogPage>
      <SharedWithThisProject />
    </>
  );
};
