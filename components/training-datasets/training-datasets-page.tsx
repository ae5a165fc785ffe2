"use client";

import { useQuery } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import Link from "next/link";
import { useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { TableSkeleton } from "@/components/ui/skeleton";
import { featureViewHref, featureViewKeys, featureViewsHref, fetchFeatureViews, trainingDatasetHref } from "@/lib/client/feature-views";
import { pluralize } from "@/lib/client/format";
import { TrainingDatasetStatusBadge } from "./training-dataset-status-badge";

type TDatasetRow = { id: string; name: string; version: number; status: string; createdAt: string; view: { name: string; version: number } };

const columnsFor = (project: string): ColumnDef<TDatasetRow, unknown>[] => [
  {
    id: "name",
    header: "Name",
    accessorFn: (row) => `${row.name} v${row.version}`,
    cell: ({ row }) => (
      <Link href={trainingDatasetHref(project, row.original.name, row.original.version)} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
        {row.original.name} <span className="font-normal text-slate-600">v{row.original.version}</span>
      </Link>
    ),
  },
  { id: "status", header: "Status", accessorKey: "status", cell: ({ row }) => <TrainingDatasetStatusBadge status={row.original.status} /> },
  {
    id: "view",
    header: "Feature view",
    accessorFn: (row) => `${row.view.name} v${row.view.version}`,
    cell: ({ row }) => (
      <Link href={featureViewHref(project, row.original.view.name, row.original.view.version)} className="font-mono text-xs text-slate-800 hover:text-brand-700 hover:underline">
        {row.original.view.name} v{row.original.view.version}
      </Link>
    ),
  },
  { id: "created", header: "Created", accessorKey: "createdAt", cell: ({ row }) => <RelativeTime iso={row.original.createdAt} /> },
];

/** Every training dataset of the project, gathered from its feature views (datasets are created from a view). */
export const TrainingDatasetsPage = () => {
  const project = useCurrentProject();
  const query = useQuery({ queryKey: featureViewKeys.featureViewList(project.name, undefined), queryFn: () => fetchFeatureViews({ project: project.name }) });
  const rows: TDatasetRow[] | undefined = query.data?.featureViews.flatMap((view) => view.trainingDatasets.map((dataset) => ({ ...dataset, view: { name: view.name, version: view.version } })));
  return (
    <>
      <PageHeader title="Training datasets" description="Materialized, versioned and split outputs of feature views, point-in-time correct, with the commit of every source group pinned so they can be re-created exactly." />
      <Card>
        {query.isPending && <TableSkeleton label="Loading training datasets" columns={4} rows={4} />}
        {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
        {rows?.length === 0 && (
          <EmptyState
            icon={FlaskConical}
            title="No training datasets yet"
            description="Training datasets are created from a feature view: open one and choose Create training dataset, with a time range or a spine of label rows."
            action={<Button asChild variant="secondary"><Link href={featureViewsHref(project.name)}>Go to feature views</Link></Button>}
          />
        )}
        {rows && rows.length > 0 && (
          <>
            <DataTable columns={columnsFor(project.name)} data={rows} caption={`Training datasets of ${project.name}`} filterLabel="Filter training datasets" initialSorting={[{ id: "created", desc: true }]} />
            <p className="border-t border-slate-200 px-4 py-3 text-sm text-slate-600">{pluralize(rows.length, "training dataset")}</p>
          </>
        )}
      </Card>
    </>
  );
};
