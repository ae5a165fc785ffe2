"use client";

import { useQuery } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { CreateTrainingDatasetDialog } from "@/components/training-datasets/create-training-dataset-dialog";
import { isActiveDataset } from "@/components/training-datasets/training-dataset-status-badge";
import { MonitoringTab } from "@/components/monitoring/monitoring-tab";
import { TrainingDatasetsTable } from "@/components/training-datasets/training-datasets-table";
import { ServingTab } from "@/components/serving/serving-tab";
import { Card, CardBody, Section } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { oneOf, useUrlFilters } from "@/components/ui/use-url-filters";
import { VersionedHeading } from "@/components/ui/detail-page";
import { VersionedDetailPage } from "@/components/ui/versioned-detail-page";
import { ListStates } from "@/components/ui/list-states";
import { RelativeTime } from "@/components/ui/relative-time";
import type { TFeatureView } from "@/lib/api/feature-views";
import {
  featureViewKeys,
  featureViewsHref,
  fetchFeatureView,
  fetchViewTrainingDatasets,
} from "@/lib/client/feature-views";
import { pluralize } from "@/lib/client/format";
import { LineageLink } from "@/components/lineage/lineage-link";
import { TryItPanel } from "./try-it-panel";
import { HistoryTab } from "@/components/history/history-tab";
import { BacktestsTab } from "@/components/backtests/backtests-tab";
import { ModelsSection } from "@/components/models/models-section";
import { SharedFromBanner } from "@/components/sharing/shared-from-badge";
import { DeleteFeatureViewDialog } from "./delete-feature-view-dialog";
import { DefinitionSection, FeaturesSection } from "./feature-view-sections";
import { JoinDiagram } from "./join-diagram";
import { keyPairLabel } from "./join-graph";

const DATASET_REFRESH_MS = 2000;
const TABS = ["overview", "serving", "monitoring", "backtests"] as const;
type TTab = (typeof TABS)[number];
const viewFrom = (params: URLSearchParams): { tab?: TTab; backtest?: string } => ({
  tab: oneOf(params, "tab", TABS),
  backtest: /^bt_[0-9a-z]{1,64}$/.test(params.get("backtest") ?? "")
    ? (params.get("backtest") ?? undefined)
    : undefined,
});

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
  return (
    <Section
      id="fv-training-datasets"
      title="Training datasets"
      description="Point-in-time-correct files made from this view, with the commit of every source group pinned."
    >
      <ListStates
        query={query}
        items={query.data?.trainingDatasets}
        loading={{ label: "Loading training datasets", columns: 5, rows: 2 }}
        empty={{
          icon: FlaskConical,
          title: "No training datasets yet",
          description:
            "Create one from a time range of the root group or from a spine of label rows, optionally split into train, validation and test.",
          action: canWrite ? <CreateTrainingDatasetDialog project={project} view={view} /> : undefined,
        }}
      >
        {(datasets) => (
          <TrainingDatasetsTable
            project={project}
            trainingDatasets={datasets}
            caption={`Training datasets of ${view.name} v${view.version}`}
          />
        )}
      </ListStates>
    </Section>
  );
};

export const FeatureViewDetailPage = () => {
  const project = useCurrentProject();
  const canWrite = useCan("featureViews:write");
  const canReadValues = useCan("featureData:read");
  // The open tab lives in the URL, so a tab can be shared by link.
  const { filters, apply } = useUrlFilters({ parse: viewFrom, defaults: { tab: "overview" } });
  const tab = filters.tab ?? "overview";
  return (
    <VersionedDetailPage
      kind="Feature view"
      queryKey={featureViewKeys.featureView}
      queryFn={fetchFeatureView}
      listHref={featureViewsHref(project.name)}
    >
      {(view) => (
        <>
          <VersionedHeading
            name={view.name}
            version={view.version}
            description={view.description || "No description."}
            meta={
              <>
                {pluralize(view.features.length, "feature")} from {pluralize(view.joins.length + 1, "feature group")} ·
                created <RelativeTime iso={view.createdAt} />
                {view.createdBy ? ` by ${view.createdBy}` : ""}
              </>
            }
            actions={
              <>
                <LineageLink project={project.name} kind="feature_view" name={view.name} version={view.version} />
                {canWrite && (
                  <>
                    <CreateTrainingDatasetDialog project={project.name} view={view} />
                    {view.sharedFrom === null && <DeleteFeatureViewDialog project={project.name} view={view} />}
                  </>
                )}
              </>
            }
          />
          <SharedFromBanner sharedFrom={view.sharedFrom} kind="feature view" />
          <Tabs value={tab} onValueChange={(value) => apply({ tab: value as TTab })}>
            <TabsList>
              <TabsTrigger value="overview">Overview</TabsTrigger>
              <TabsTrigger value="serving">Serving</TabsTrigger>
              <TabsTrigger value="monitoring">Monitoring</TabsTrigger>
              <TabsTrigger value="backtests">Backtests</TabsTrigger>
            </TabsList>
            <TabsContent value="overview">
              <FeatureViewSections project={project.name} view={view} canReadValues={canReadValues} />
            </TabsContent>
            <TabsContent value="serving">
              <ServingTab project={project.name} name={view.name} version={view.version} canWrite={canWrite} />
            </TabsContent>
            <TabsContent value="monitoring">
              <MonitoringTab
                project={project.name}
                target={{ kind: "featureView", name: view.name, version: view.version }}
                features={view.features.filter((feature) => !feature.isServingKey)}
              />
            </TabsContent>
            <TabsContent value="backtests">
              <BacktestsTab
                project={project.name}
                target={{ kind: "featureView", name: view.name, version: view.version }}
                selected={filters.backtest}
                onSelect={(backtest) => apply({ tab: "backtests", backtest })}
              />
            </TabsContent>
          </Tabs>
        </>
      )}
    </VersionedDetailPage>
  );
};

const FeatureViewSections = ({
  project,
  view,
  canReadValues,
}: {
  project: string;
  view: TFeatureView;
  canReadValues: boolean;
}) => (
  <div className="grid gap-6">
    <Section
      id="fv-joins"
      title="Joins"
      description={
        view.joins.length
          ? "Each group contributes its row with equal keys whose event time is the latest one not after the label time."
          : `Only ${view.root.featureGroup.name}; no joins.`
      }
    >
      <CardBody className="grid gap-3">
        <JoinDiagram project={project} view={view} />
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
    </Section>
    <FeaturesSection project={project} view={view} />
    <DefinitionSection view={view} />
    <TrainingDatasetsSection project={project} view={view} />
    <ModelsSection
      project={project}
      filter={{ featureView: view.name, featureViewVersion: view.version }}
      what="feature view"
    />
    <HistoryTab project={project} area="feature-views" name={view.name} version={view.version} />
    {canReadValues && (
      <Card>
        <CardBody>
          <TryItPanel project={project} featureView={view} />
        </CardBody>
      </Card>
    )}
  </div>
);
