"use client";

import { useQuery } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import Link from "next/link";
import { useCurrentProject } from "@/components/projects/project-context";
import { Button } from "@/components/ui/button";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { FilterBar } from "@/components/ui/filter-bar";
import { ListFooter, ListPage } from "@/components/ui/list-page";
import { RelativeTime } from "@/components/ui/relative-time";
import { oneOf, useUrlFilters } from "@/components/ui/use-url-filters";
import {
  featureViewHref,
  featureViewKeys,
  featureViewsHref,
  fetchProjectTrainingDatasets,
  trainingDatasetHref,
} from "@/lib/client/feature-views";
import type { TTrainingDatasetSummary } from "@/lib/api/training-datasets";
import { revokedSourcesText } from "@/lib/client/sharing";
import { SharedFromBadge } from "@/components/sharing/shared-from-badge";
import { SharedWithThisProject } from "@/components/sharing/shared-with-project";
import { Badge } from "@/components/ui/badge";
import { pluralize } from "@/lib/client/format";
import { TRAINING_DATASET_STATUSES, TrainingDatasetStatusBadge } from "./training-dataset-status-badge";

type TDatasetRow = TTrainingDatasetSummary;

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
    cell: ({ row }) => (
      <span className="flex flex-wrap items-center gap-1.5">
        <TrainingDatasetStatusBadge status={row.original.status} />
        {row.original.broken && (
          <Badge tone="danger" title={row.original.broken}>
            broken
          </Badge>
        )}
        <SharedFromBadge sharedFrom={row.original.sharedFrom} />
        {row.original.revokedSources.length > 0 && (
          <Badge tone="warning" title={revokedSourcesText(row.original.revokedSources)}>
            made from revoked share
          </Badge>
        )}
      </span>
    ),
  },
  {
    id: "view",
    header: "Feature view",
    accessorFn: (row) => `${row.featureView.name} v${row.featureView.version}`,
    cell: ({ row }) => {
      const view = row.original.featureView;
      // Deleted by force since: the dataset stays, naming it (docs/lineage.md "Forced delete").
      if (!view.id)
        return (
          <span className="font-mono text-xs text-slate-600">
            {view.name} v{view.version} (deleted)
          </span>
        );
      return (
        <Link
          href={featureViewHref(project, view.name, view.version)}
          className="font-mono text-xs text-slate-800 hover:text-brand-700 hover:underline"
        >
          {view.name} v{view.version}
        </Link>
      );
    },
  },
  {
    id: "created",
    header: "Created",
    accessorKey: "createdAt",
    cell: ({ row }) => <RelativeTime iso={row.original.createdAt} />,
  },
];

type TDatasetFilters = { q?: string; status?: string };

const STATUS_OPTIONS = [
  { value: "", label: "Any status" },
  ...Object.entries(TRAINING_DATASET_STATUSES).map(([status, style]) => ({ value: status, label: style.label })),
];

const filtersFrom = (params: URLSearchParams): TDatasetFilters => ({
  q: params.get("q") || undefined,
  status: oneOf(params, "status", Object.keys(TRAINING_DATASET_STATUSES)),
});

/** A dataset matches when its name or its feature view's name contains the text (any case), and its status is the one picked. */
const matches = (row: TDatasetRow, filters: TDatasetFilters) => {
  const text = filters.q?.toLowerCase();
  return (
    (!text || row.name.toLowerCase().includes(text) || row.featureView.name.toLowerCase().includes(text)) &&
    (!filters.status || row.status === filters.status)
  );
};

/** Every training dataset of the project, those kept after their view's forced delete too (marked broken). */
export const TrainingDatasetsPage = () => {
  const project = useCurrentProject();
  const { filters, apply } = useUrlFilters({ parse: filtersFrom });
  const query = useQuery({
    queryKey: featureViewKeys.projectTrainingDatasets(project.name),
    queryFn: () => fetchProjectTrainingDatasets(project.name),
  });
  const all: TDatasetRow[] | undefined = query.data?.trainingDatasets;
  const isFiltered = Boolean(filters.q || filters.status);
  return (
    <>
      <ListPage
        title="Training datasets"
        description="Materialized, versioned and split outputs of feature views, point-in-time correct, with the commit of every source group pinned so they can be re-created exactly."
        query={query}
        items={all?.filter((row) => matches(row, filters))}
        loading={{ label: "Loading training datasets", columns: 4, rows: 4 }}
        filters={
          <FilterBar
            filters={filters}
            onChange={apply}
            searchLabel="Filter training datasets"
            placeholder="Filter by name or feature view…"
            choices={[{ key: "status", label: "Status", options: STATUS_OPTIONS }]}
          />
        }
        noMatch={
          isFiltered && {
            title: "No training datasets match",
            description: "Try another name or status, or clear the filters to see every training dataset.",
            onClear: () => apply({}),
          }
        }
        empty={{
          icon: FlaskConical,
          title: "No training datasets yet",
          description:
            "Training datasets are created from a feature view: open one and choose Create training dataset, with a time range or a spine of label rows.",
          action: (
            <Button asChild variant="secondary">
              <Link href={featureViewsHref(project.name)}>Go to feature views</Link>
            </Button>
          ),
        }}
      >
        {(rows) => (
          <>
            <DataTable
              columns={columnsFor(project.name)}
              data={rows}
              caption={`Training datasets of ${project.name}`}
              initialSorting={[{ id: "created", desc: true }]}
            />
            <ListFooter
              summary={
                isFiltered
                  ? `${rows.length} of ${pluralize(all?.length ?? 0, "training dataset")}`
                  : pluralize(rows.length, "training dataset")
              }
            />
          </>
        )}
      </ListPage>
      <SharedWithThisProject />
    </>
  );
};
