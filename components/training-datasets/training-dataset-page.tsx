"use client";

import { revokedSourcesText } from "@/lib/client/sharing";
import { LineageLink } from "@/components/lineage/lineage-link";
import { ModelsSection } from "@/components/models/models-section";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RotateCcw } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { LiveJobSummary } from "@/components/jobs/live-job-summary";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ImpactDeleteDialog } from "@/components/lineage/impact-delete-dialog";
import { VersionedHeading } from "@/components/ui/detail-page";
import { VersionedDetailPage } from "@/components/ui/versioned-detail-page";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { DatasetStatistics } from "@/components/statistics/dataset-statistics";
import type { TTrainingDataset } from "@/lib/api/training-datasets";
import { ApiError } from "@/lib/client/api";
import { featureStoreKeys, fetchJob } from "@/lib/client/feature-store";
import {
  deleteTrainingDataset,
  featureViewHref,
  featureViewKeys,
  fetchTrainingDataset,
  recreateTrainingDataset,
  trainingDatasetHref,
  trainingDatasetsHref,
} from "@/lib/client/feature-views";
import { formatCount } from "@/lib/client/format-values";
import {
  SettingsSection,
  SourceCommitsSection,
  SplitsSection,
  TransformationStatisticsSection,
} from "./training-dataset-sections";
import { isActiveDataset, TrainingDatasetStatusBadge } from "./training-dataset-status-badge";

const DATASET_REFRESH_MS = 1500;

const DatasetJob = ({ project, jobId }: { project: string; jobId: string }) => {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: featureStoreKeys.job(project, jobId),
    queryFn: () => fetchJob({ project, jobId }),
  });
  if (!query.data) return <Skeleton className="h-20 w-full" />;
  return (
    <LiveJobSummary
      project={project}
      initialJob={query.data}
      onFinished={() => void queryClient.invalidateQueries({ queryKey: featureViewKeys.trainingDatasets(project) })}
    />
  );
};

const DatasetActions = ({ project, dataset }: { project: string; dataset: TTrainingDataset }) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: featureViewKeys.trainingDatasets(project) }),
      queryClient.invalidateQueries({ queryKey: featureViewKeys.featureViews(project) }),
    ]);
  const recreate = useMutation({
    mutationFn: () => recreateTrainingDataset({ project, name: dataset.name, version: dataset.version }),
    onSuccess: async ({ trainingDataset }) => {
      await invalidate();
      router.push(trainingDatasetHref(project, trainingDataset.name, trainingDataset.version));
    },
  });
  return (
    <div className="grid justify-items-end gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="secondary"
          onClick={() => recreate.mutate()}
          isLoading={recreate.isPending}
          // A broken dataset's view or groups were deleted: nothing to re-create it from.
          // Another project's dataset (shared) is not this project's to re-create.
          disabled={
            isActiveDataset(dataset.status) ||
            dataset.broken !== null ||
            dataset.revokedSources.length > 0 ||
            dataset.sharedFrom !== null
          }
          title={
            dataset.broken ?? (dataset.revokedSources.length ? revokedSourcesText(dataset.revokedSources) : undefined)
          }
        >
          <RotateCcw aria-hidden /> Re-create
        </Button>
        <ImpactDeleteDialog
          reference={{ project, kind: "training_dataset", name: dataset.name, version: dataset.version }}
          label="Delete"
          title={`Delete ${dataset.name} v${dataset.version}?`}
          description={`Its ${dataset.splits.length ? `${dataset.splits.length} split files (${formatCount(dataset.rowCount)} rows)` : "record"} are removed for good. The feature view and its feature groups are not touched; a new version can be made from the view again, though not from these pinned commits once they are vacuumed.`}
          confirmLabel="Delete training dataset"
          onDelete={(force) => deleteTrainingDataset({ project, name: dataset.name, version: dataset.version, force })}
          removes={featureViewKeys.trainingDataset(project, dataset.name, dataset.version)}
          invalidates={[
            { queryKey: featureViewKeys.trainingDatasets(project) },
            { queryKey: featureViewKeys.featureViews(project) },
          ]}
          goTo={
            dataset.featureView.id
              ? featureViewHref(project, dataset.featureView.name, dataset.featureView.version)
              : trainingDatasetsHref(project)
          }
        />
      </div>
      {recreate.isError && (
        <Alert tone="danger">
          {recreate.error instanceof ApiError
            ? (recreate.error.detail ?? recreate.error.title)
            : "Re-creating failed; try again."}
        </Alert>
      )}
    </div>
  );
};

export const TrainingDatasetPage = () => {
  const project = useCurrentProject();
  const canWrite = useCan("trainingDatasets:write");
  const canReadData = useCan("featureData:read");
  const canReadJobs = useCan("jobs:read");
  return (
    <VersionedDetailPage
      kind="Training dataset"
      queryKey={featureViewKeys.trainingDataset}
      queryFn={fetchTrainingDataset}
      refetchInterval={(dataset) => (isActiveDataset(dataset.status) ? DATASET_REFRESH_MS : false)}
      listHref={trainingDatasetsHref(project.name)}
    >
      {(dataset) => (
        <>
          <VersionedHeading
            name={dataset.name}
            version={dataset.version}
            badges={<TrainingDatasetStatusBadge status={dataset.status} />}
            description={dataset.description || "No description."}
            meta={
              <>
                From{" "}
                {dataset.featureView.id ? (
                  <Link
                    href={featureViewHref(project.name, dataset.featureView.name, dataset.featureView.version)}
                    className="font-mono text-brand-700 hover:underline"
                  >
                    {dataset.featureView.name} v{dataset.featureView.version}
                  </Link>
                ) : (
                  <span className="font-mono">
                    {dataset.featureView.name} v{dataset.featureView.version} (deleted)
                  </span>
                )}
                {dataset.recreatedFrom && (
                  <>
                    {" "}
                    · re-created from{" "}
                    <Link
                      href={trainingDatasetHref(
                        project.name,
                        dataset.recreatedFrom.name,
                        dataset.recreatedFrom.version,
                      )}
                      className="font-mono text-brand-700 hover:underline"
                    >
                      v{dataset.recreatedFrom.version}
                    </Link>
                  </>
                )}{" "}
                · created <RelativeTime iso={dataset.createdAt} />
                {dataset.createdBy ? ` by ${dataset.createdBy}` : ""}
              </>
            }
            actions={
              <>
                <LineageLink
                  project={project.name}
                  kind="training_dataset"
                  name={dataset.name}
                  version={dataset.version}
                />
                {canWrite && <DatasetActions project={project.name} dataset={dataset} />}
              </>
            }
          />
          <div className="grid gap-6">
            {dataset.broken && (
              <Alert tone="warning" title="Broken: made from something that was deleted">
                {dataset.broken}. Its files stay readable and can be downloaded; it cannot be re-created.
              </Alert>
            )}
            {dataset.revokedSources.length > 0 && (
              <Alert tone="warning" title="Made from sources no longer shared with this project">
                {revokedSourcesText(dataset.revokedSources)}
              </Alert>
            )}
            {dataset.sharedFrom && (
              <Alert tone="info" title={`Shared from ${dataset.sharedFrom.project}`}>
                This training dataset belongs to {dataset.sharedFrom.project}, which shares it with this project (
                {dataset.sharedFrom.level === "READ" ? "read-only" : "read-write"}).
              </Alert>
            )}
            {dataset.job && canReadJobs && !dataset.sharedFrom && (
              <DatasetJob project={project.name} jobId={dataset.job.id} />
            )}
            {dataset.status === "FAILED" && dataset.job?.error && (
              <Alert tone="danger" title="The training dataset job failed">
                {dataset.job.error}
              </Alert>
            )}
            <Tabs defaultValue="overview">
              <TabsList>
                <TabsTrigger value="overview">Overview</TabsTrigger>
                <TabsTrigger value="statistics">Statistics</TabsTrigger>
              </TabsList>
              <TabsContent value="overview" className="grid gap-6">
                <SplitsSection project={project.name} dataset={dataset} canDownload={canReadData} />
                <SettingsSection dataset={dataset} />
                <SourceCommitsSection project={project.name} dataset={dataset} />
                <ModelsSection
                  project={project.name}
                  filter={{ trainingDataset: dataset.name, trainingDatasetVersion: dataset.version }}
                  what="training dataset"
                />
                <TransformationStatisticsSection dataset={dataset} />
              </TabsContent>
              <TabsContent value="statistics">
                <DatasetStatistics project={project.name} name={dataset.name} version={dataset.version} />
              </TabsContent>
            </Tabs>
          </div>
        </>
      )}
    </VersionedDetailPage>
  );
};
