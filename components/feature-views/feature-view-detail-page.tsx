"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, FlaskConical, SearchX } from "lucide-react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { CreateTrainingDatasetDialog } from "@/components/training-datasets/create-training-dataset-dialog";
import { isActiveDataset } from "@/components/training-datasets/training-dataset-status-badge";
import { TrainingDatasetsTable } from "@/components/training-datasets/training-datasets-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";
import type { TFeatureView } from "@/lib/api/feature-views";
import { ApiError } from "@/lib/client/api";
import {
  featureViewKeys,
  featureViewsHref,
  fetchFeatureView,
  fetchViewTrainingDatasets,
} from "@/lib/client/feature-views";
import { pluralize } from "@/lib/client/format";
import { TryItPanel } from "./try-it-panel";
import { DeleteFeatureViewDialog } from "./delete-feature-view-dialog";
import { DefinitionSection, FeaturesSection } from "./feature-view-sections";
import { JoinDiagram } from "./join-diagram";
import { keyPairLabel } from "./join-graph";

const DATASET_REFRESH_MS = 2000;

const TrainingDatasetsSection = ({ project, view }: { project: string; view: TFeatureView }) => {
  const canWrite = useCan("trainingDatasets:write");
  const query = useQuery({
    queryKey: featureViewKeys.viewTrainingDatasets(project, view.name, view.version),
    queryFn: () => fetchViewTrainingDatasets({ project, name: view.name, version: view.version }),
    refetchInterval: (current) =>
      current.state.data?.trainingDatasets.some((dataset) => isActiveDataset(dataset.status))
        ? DATASET_REFRESH_MS
        : false,
  });
  const datasets = query.data?.trainingDatasets;
  return (
    <Card aria-labelledby="fv-training-datasets">
      <CardHeader
        titleId="fv-training-datasets"
        title="Training datasets"
        description="Point-in-time-correct files made from this view, with the commit of every source group pinned."
      />
      {query.isPending && <TableSkeleton label="Loading training datasets" columns={5} rows={2} />}
      {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
      {datasets?.length === 0 && (
        <EmptyState
          icon={FlaskConical}
          title="No training datasets yet"
          description="Create one from a time range of the root group or from a spine of label rows, optionally split into train, validation and test."
          action={canWrite ? <CreateTrainingDatasetDialog project={project} view={view} /> : undefined}
        />
      )}
      {datasets && datasets.length > 0 && (
        <TrainingDatasetsTable
          project={project}
          trainingDatasets={datasets}
          caption={`Training datasets of ${view.name} v${view.version}`}
        />
      )}
    </Card>
  );
};

export const FeatureViewDetailPage = () => {
  const project = useCurrentProject();
  const canWrite = useCan("featureViews:write");
  const canReadValues = useCan("featureData:read");
  const params = useParams<{ name: string; version: string }>();
  const name = decodeURIComponent(params.name);
  const version = Number(params.version);
  const query = useQuery({
    queryKey: featureViewKeys.featureView(project.name, name, version),
    queryFn: () => fetchFeatureView({ project: project.name, name, version }),
    enabled: Number.isInteger(version),
  });
  const back = (
    <Link
      href={featureViewsHref(project.name)}
      className="mb-3 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900"
    >
      <ArrowLeft className="size-4" aria-hidden /> Feature views
    </Link>
  );
  if (query.error instanceof ApiError && query.error.status === 404) {
    return (
      <>
        {back}
        <Card>
          <EmptyState
            icon={SearchX}
            title="Feature view not found"
            description={`There is no version ${params.version} of ${name} in ${project.name}. It may have been deleted.`}
            action={
              <Button asChild variant="secondary">
                <Link href={featureViewsHref(project.name)}>Back to feature views</Link>
              </Button>
            }
          />
        </Card>
      </>
    );
  }
  if (query.isError)
    return (
      <>
        {back}
        <Card>
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        </Card>
      </>
    );
  const view = query.data;
  if (!view) {
    return (
      <div role="status" aria-label="Loading feature view" className="grid gap-4">
        {back}
        <Skeleton className="h-8 w-80" />
        <Skeleton className="h-4 w-2/3" />
        <Skeleton className="h-56 w-full" />
        <Card>
          <TableSkeleton columns={5} rows={6} />
        </Card>
      </div>
    );
  }
  return (
    <>
      {back}
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold tracking-tight text-slate-900">
            <span className="font-mono">{view.name}</span>
            <Badge tone="brand">v{view.version}</Badge>
          </h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{view.description || "No description."}</p>
          <p className="mt-1.5 text-xs text-slate-600">
            {pluralize(view.features.length, "feature")} from {pluralize(view.joins.length + 1, "feature group")} ·
            created <RelativeTime iso={view.createdAt} />
            {view.createdBy ? ` by ${view.createdBy}` : ""}
          </p>
        </div>
        {canWrite && (
          <div className="flex flex-wrap items-center gap-2">
            <CreateTrainingDatasetDialog project={project.name} view={view} />
            <DeleteFeatureViewDialog project={project.name} view={view} />
          </div>
        )}
      </div>
      <div className="grid gap-6">
        <Card aria-labelledby="fv-joins">
          <CardHeader
            titleId="fv-joins"
            title="Joins"
            description={
              view.joins.length
                ? "Each group contributes its row with equal keys whose event time is the latest one not after the label time."
                : `Only ${view.root.featureGroup.name}; no joins.`
            }
          />
          <CardBody className="grid gap-3">
            <JoinDiagram project={project.name} view={view} />
            {view.joins.length > 0 && (
              <ul className="grid gap-1 text-xs text-slate-700">
                {view.joins.map((join) => (
                  <li key={join.alias}>
                    <span className="font-mono">{join.left}</span> →{" "}
                    <span className="font-mono">
                      {join.featureGroup.name} v{join.featureGroup.version}
                    </span>
                    {join.alias !== join.featureGroup.name && (
                      <>
                        {" "}
                        as <span className="font-mono">{join.alias}</span>
                      </>
                    )}{" "}
                    on{" "}
                    <span className="font-mono">
                      {keyPairLabel(join.leftOn.map((left, index) => ({ left, right: join.rightOn[index] ?? left })))}
                    </span>
                    {join.prefix && (
                      <>
                        {" "}
                        · prefix <span className="font-mono">{join.prefix}</span>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
        <FeaturesSection project={project.name} view={view} />
        <DefinitionSection view={view} />
        <TrainingDatasetsSection project={project.name} view={view} />
        {canReadValues && (
          <Card>
            <CardBody>
              <TryItPanel project={project.name} featureView={view} />
            </CardBody>
          </Card>
        )}
      </div>
    </>
  );
};
