"use client";

import { useQuery } from "@tanstack/react-query";
import { FlaskConical, SearchX } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FilterBar } from "@/components/ui/filter-bar";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { TableSkeleton } from "@/components/ui/skeleton";
import {
  featureViewHref,
  featureViewKeys,
  featureViewsHref,
  fetchFeatureViews,
  trainingDatasetHref,
} from "@/lib/client/feature-views";
import { pluralize } from "@/lib/client/format";
import { TRAINING_DATASET_STATUSES, TrainingDatasetStatusBadge } from "./training-dataset-status-badge";

type TDatasetRow = {
  id: string;
  name: string;
  version: number;
  status: string;
  createdAt: string;
  view: { name: string; version: number };
};

const columnsFor = (project: string): ColumnDef<TDatasetRow, unknown>[] => [
  {
    id: "name",
    header: "Name",
    accessorFn: (row) => `${row.name} v${row.version}`,
    cell: ({ row }) => (
      <Link
        href={trainingDatasetHref(project, row.original.name, row.original.version)}
        className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
      >
        {row.original.name} <span className="font-normal text-slate-600">v{row.original.version}</span>
      </Link>
    ),
  },
  {
    id: "status",
    header: "Status",
    accessorKey: "status",
    cell: ({ row }) => <TrainingDatasetStatusBadge status={row.original.status} />,
  },
  {
    id: "view",
    header: "Feature view",
    accessorFn: (row) => `${row.view.name} v${row.view.version}`,
    cell: ({ row }) => (
      <Link
        href={featureViewHref(project, row.original.view.name, row.original.view.version)}
        className="font-mono text-xs text-slate-800 hover:text-brand-700 hover:underline"
      >
        {row.original.view.name} v{row.original.view.version}
      </Link>
    ),
  },
  {
    id: "created",
    header: "Created",
    accessorKey: "createdAt",
    cell: ({ row }) => <RelativeTime iso={row.original.createdAt} />,
  },
];

type TDatasetFilters = { q?: string; status?: string };

const filtersFrom = (params: URLSearchParams): TDatasetFilters => {
  const status = params.get("status");
  return {
    ...(params.get("q") ? { q: params.get("q") ?? undefined } : {}),
    ...(status && Object.hasOwn(TRAINING_DATASET_STATUSES, status) ? { status } : {}),
  };
};

/** A dataset matches when its name or its feature view's name contains the text (any case), and its status is the one picked. */
const matches = (row: TDatasetRow, filters: TDatasetFilters) => {
  const text = filters.q?.toLowerCase();
  return (
    (!text || row.name.toLowerCase().includes(text) || row.view.name.toLowerCase().includes(text)) &&
    (!filters.status || row.status === filters.status)
  );
};

const DatasetFilters = ({
  filters,
  onChange,
}: {
  filters: TDatasetFilters;
  onChange: (next: TDatasetFilters) => void;
}) => (
  <FilterBar
    query={filters.q}
    onQuery={(q) => onChange({ ...filters, q })}
    label="Filter training datasets"
    placeholder="Filter by name or feature view…"
  >
    <Select
      aria-label="Status"
      className="h-8 w-44"
      value={filters.status ?? ""}
      onChange={(event) => onChange({ ...filters, status: event.target.value || undefined })}
    >
      <option value="">Any status</option>
      {Object.entries(TRAINING_DATASET_STATUSES).map(([status, style]) => (
        <option key={status} value={status}>
          {style.label}
        </option>
      ))}
    </Select>
  </FilterBar>
);

/** Every training dataset of the project, gathered from its feature views (datasets are created from a view). */
export const TrainingDatasetsPage = () => {
  const project = useCurrentProject();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = filtersFrom(new URLSearchParams(searchParams.toString()));
  const query = useQuery({
    queryKey: featureViewKeys.featureViewList(project.name, undefined),
    queryFn: () => fetchFeatureViews({ project: project.name }),
  });
  // Filters live in the URL, so a filtered list can be shared by link.
  const applyFilters = useCallback(
    (next: TDatasetFilters) => {
      const params = new URLSearchParams();
      if (next.q) params.set("q", next.q);
      if (next.status) params.set("status", next.status);
      const search = params.toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  const all: TDatasetRow[] | undefined = query.data?.featureViews.flatMap((view) =>
    view.trainingDatasets.map((dataset) => ({ ...dataset, view: { name: view.name, version: view.version } })),
  );
  const rows = all?.filter((row) => matches(row, filters));
  const filtered = Boolean(filters.q || filters.status);
  return (
    <>
      <PageHeader
        title="Training datasets"
        description="Materialized, versioned and split outputs of feature views, point-in-time correct, with the commit of every source group pinned so they can be re-created exactly."
      />
      <Card>
        {(filtered || (all && all.length > 0)) && <DatasetFilters filters={filters} onChange={applyFilters} />}
        {query.isPending && <TableSkeleton label="Loading training datasets" columns={4} rows={4} />}
        {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
        {rows?.length === 0 &&
          (filtered ? (
            <EmptyState
              icon={SearchX}
              title="No training datasets match"
              description="Try another name or status, or clear the filters to see every training dataset."
              action={
                <Button variant="secondary" onClick={() => applyFilters({})}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={FlaskConical}
              title="No training datasets yet"
              description="Training datasets are created from a feature view: open one and choose Create training dataset, with a time range or a spine of label rows."
              action={
                <Button asChild variant="secondary">
                  <Link href={featureViewsHref(project.name)}>Go to feature views</Link>
                </Button>
              }
            />
          ))}
        {rows && rows.length > 0 && (
          <>
            <DataTable
              columns={columnsFor(project.name)}
              data={rows}
              caption={`Training datasets of ${project.name}`}
              initialSorting={[{ id: "created", desc: true }]}
            />
            <p className="border-t border-slate-200 px-4 py-3 text-sm text-slate-600" aria-live="polite">
              {filtered
                ? `${rows.length} of ${pluralize(all!.length, "training dataset")}`
                : pluralize(rows.length, "training dataset")}
            </p>
          </>
        )}
      </Card>
    </>
  );
};
