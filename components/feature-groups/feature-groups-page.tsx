"use client";

import { useQuery } from "@tanstack/react-query";
import { Database, Plus, SearchX } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { featureStoreKeys, fetchFeatureGroups, type TFeatureGroupFilters } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";
import { FeatureGroupFilters } from "./feature-group-filters";
import { FeatureGroupsTable } from "./feature-groups-table";

const filtersFrom = (params: URLSearchParams): TFeatureGroupFilters => {
  const online = params.get("onlineEnabled");
  const sort = params.get("sort");
  return {
    ...(params.get("q") ? { q: params.get("q") ?? undefined } : {}),
    ...(online === "true" || online === "false" ? { onlineEnabled: online } : {}),
    ...(sort === "updated" || sort === "rows" ? { sort } : {}),
  };
};

export const NewFeatureGroupButton = ({ project }: { project: string }) => (
  <Button asChild>
    <Link href={`/projects/${encodeURIComponent(project)}/feature-groups/new`}>
      <Plus aria-hidden /> New feature group
    </Link>
  </Button>
);

export const FeatureGroupsPage = () => {
  const project = useCurrentProject();
  const canWrite = useCan("featureGroups:write");
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // Remounts the filter controls when the filters are cleared from outside them (their text is local while typing).
  const filters = filtersFrom(new URLSearchParams(searchParams.toString()));
  const isFiltered = Boolean(filters.q || filters.onlineEnabled);
  const query = useQuery({
    queryKey: featureStoreKeys.featureGroupList(project.name, filters),
    queryFn: () => fetchFeatureGroups({ project: project.name, filters }),
    placeholderData: (previous) => previous,
  });
  // The filters live in the URL, so a filtered catalog can be shared by link and survives a reload.
  const applyFilters = useCallback(
    (next: TFeatureGroupFilters) => {
      const params = new URLSearchParams();
      if (next.q) params.set("q", next.q);
      if (next.onlineEnabled) params.set("onlineEnabled", next.onlineEnabled);
      if (next.sort && next.sort !== "name") params.set("sort", next.sort);
      const search = params.toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  const groups = query.data?.featureGroups;
  return (
    <>
      <PageHeader
        title="Feature groups"
        description="Versioned tables of features about one entity, with their full history in the offline store and, when online-enabled, the latest row per key for serving."
        actions={canWrite && <NewFeatureGroupButton project={project.name} />}
      />
      <Card>
        {(isFiltered || (groups && groups.length > 0)) && (
          <FeatureGroupFilters filters={filters} onChange={applyFilters} />
        )}
        {query.isPending && <TableSkeleton label="Loading feature groups" columns={6} rows={5} />}
        {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
        {groups?.length === 0 &&
          (isFiltered ? (
            <EmptyState
              icon={SearchX}
              title="No feature groups match"
              description="Try another name, or clear the filters to see the whole catalog."
              action={
                <Button variant="secondary" onClick={() => applyFilters({ sort: filters.sort })}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={Database}
              title="No feature groups yet"
              description="A feature group is a versioned table of features about one entity (a customer, a card, a merchant), keyed by its primary key. Define one by hand, or start from a CSV, Parquet or JSON Lines file and Larder infers the schema."
              action={canWrite ? <NewFeatureGroupButton project={project.name} /> : undefined}
            />
          ))}
        {groups && groups.length > 0 && (
          <>
            <FeatureGroupsTable project={project.name} featureGroups={groups} />
            <p className="border-t border-slate-200 px-4 py-3 text-sm text-slate-600" aria-live="polite">
              {pluralize(groups.length, "feature group")}
            </p>
          </>
        )}
      </Card>
    </>
  );
};
