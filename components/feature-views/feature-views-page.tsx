"use client";

import { useQuery } from "@tanstack/react-query";
import { Layers, Plus, SearchX } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FilterBar } from "@/components/ui/filter-bar";
import { Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import type { TFeatureView } from "@/lib/api/feature-views";
import {
  featureViewKeys,
  featureViewsHref,
  fetchFeatureViews,
  type TFeatureViewFilters,
  type TFeatureViewSort,
} from "@/lib/client/feature-views";
import { pluralize } from "@/lib/client/format";
import { FeatureViewsTable } from "./feature-views-table";

const SORTS: Record<TFeatureViewSort, (a: TFeatureView, b: TFeatureView) => number> = {
  name: (a, b) => a.name.localeCompare(b.name) || b.version - a.version,
  created: (a, b) => b.createdAt.localeCompare(a.createdAt),
  features: (a, b) => b.features.length - a.features.length || a.name.localeCompare(b.name),
};

const filtersFrom = (params: URLSearchParams): TFeatureViewFilters => {
  const sort = params.get("sort");
  return {
    ...(params.get("q") ? { q: params.get("q") ?? undefined } : {}),
    ...(sort === "created" || sort === "features" ? { sort } : {}),
  };
};

export const NewFeatureViewButton = ({ project }: { project: string }) => (
  <Button asChild>
    <Link href={`${featureViewsHref(project)}/new`}>
      <Plus aria-hidden /> New feature view
    </Link>
  </Button>
);

const FeatureViewFilters = ({
  filters,
  onChange,
}: {
  filters: TFeatureViewFilters;
  onChange: (next: TFeatureViewFilters) => void;
}) => (
  <FilterBar query={filters.q} onQuery={(q) => onChange({ ...filters, q })} label="Filter feature views">
    <Select
      aria-label="Sort by"
      className="h-8 w-52"
      value={filters.sort ?? "name"}
      onChange={(event) => onChange({ ...filters, sort: event.target.value as TFeatureViewSort })}
    >
      <option value="name">Sort by name</option>
      <option value="created">Sort by newest</option>
      <option value="features">Sort by number of features</option>
    </Select>
  </FilterBar>
);

export const FeatureViewsPage = () => {
  const project = useCurrentProject();
  const canWrite = useCan("featureViews:write");
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = filtersFrom(new URLSearchParams(searchParams.toString()));
  const query = useQuery({
    queryKey: featureViewKeys.featureViewList(project.name, filters.q),
    queryFn: () => fetchFeatureViews({ project: project.name, q: filters.q }),
    placeholderData: (previous) => previous,
  });
  // Filter and sort live in the URL, so a filtered list can be shared by link.
  const applyFilters = useCallback(
    (next: TFeatureViewFilters) => {
      const params = new URLSearchParams();
      if (next.q) params.set("q", next.q);
      if (next.sort && next.sort !== "name") params.set("sort", next.sort);
      const search = params.toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  const views = query.data ? [...query.data.featureViews].sort(SORTS[filters.sort ?? "name"]) : undefined;
  return (
    <>
      <PageHeader
        title="Feature views"
        description="A feature view selects features from one or more feature groups, joined point-in-time correctly on their keys, with labels and transformations: the input of one model, for training datasets and online serving."
        actions={canWrite && <NewFeatureViewButton project={project.name} />}
      />
      <Card>
        {(filters.q || (views && views.length > 0)) && <FeatureViewFilters filters={filters} onChange={applyFilters} />}
        {query.isPending && <TableSkeleton label="Loading feature views" columns={7} rows={4} />}
        {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
        {views?.length === 0 &&
          (filters.q ? (
            <EmptyState
              icon={SearchX}
              title="No feature views match"
              description="Try another name, or clear the filter to see every feature view."
              action={
                <Button variant="secondary" onClick={() => applyFilters({ sort: filters.sort })}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={Layers}
              title="No feature views yet"
              description="Pick a root feature group (the rows you predict for, with their labels), join other groups on their keys, and choose features. Training datasets and online vectors are made from a feature view."
              action={canWrite ? <NewFeatureViewButton project={project.name} /> : undefined}
            />
          ))}
        {views && views.length > 0 && (
          <>
            <FeatureViewsTable project={project.name} featureViews={views} />
            <p className="border-t border-slate-200 px-4 py-3 text-sm text-slate-600" aria-live="polite">
              {pluralize(views.length, "feature view")}
            </p>
          </>
        )}
      </Card>
    </>
  );
};
