"use client";

import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { oneOf, useUrlFilters } from "@/components/ui/use-url-filters";
import { VersionedDetailPage } from "@/components/ui/versioned-detail-page";
import { featureStoreKeys, fetchFeatureGroup } from "@/lib/client/feature-store";
import { ActiveJobsBanner } from "./active-jobs-banner";
import { ActivityTab } from "./activity-tab";
import { DataTab } from "./data-tab";
import { FeatureGroupHeader } from "./feature-group-header";
import { GroupJobsTab } from "./group-jobs-tab";
import { OnlineSyncWarning } from "./online-sync-warning";
import { SchemaTab } from "./schema-tab";
import { StatisticsTab } from "@/components/statistics/statistics-tab";
import { ValidationTab } from "@/components/validation/validation-tab";
import { MonitoringTab } from "@/components/monitoring/monitoring-tab";
import { FreshnessCard } from "@/components/monitoring/freshness-card";

import { HistoryTab } from "@/components/history/history-tab";
import { BacktestsTab } from "@/components/backtests/backtests-tab";

const TABS = [
  "schema",
  "data",
  "statistics",
  "monitoring",
  "backtests",
  "activity",
  "history",
  "validation",
  "jobs",
] as const;
type TTab = (typeof TABS)[number];
type TGroupView = { tab?: TTab; asOf?: string; backtest?: string };

const DEFAULTS: TGroupView = { tab: "schema" };

const viewFrom = (params: URLSearchParams): TGroupView => ({
  tab: oneOf(params, "tab", TABS),
  asOf: /^\d+$/.test(params.get("asOf") ?? "") ? (params.get("asOf") ?? undefined) : undefined,
  backtest: /^bt_[0-9a-z]{1,64}$/.test(params.get("backtest") ?? "")
    ? (params.get("backtest") ?? undefined)
    : undefined,
});

export const FeatureGroupDetailPage = () => {
  const project = useCurrentProject();
  const canReadJobs = useCan("jobs:read");
  const canWriteGroups = useCan("featureGroups:write");
  // The open tab and the as-of commit live in the URL, so a view can be shared by link.
  const { filters: view, apply } = useUrlFilters({ parse: viewFrom, defaults: DEFAULTS });
  const tab = view.tab ?? "schema";
  const asOf = view.asOf === undefined ? null : Number(view.asOf);
  const navigate = (next: { tab: TTab; asOf: number | null }) =>
    apply({ tab: next.tab, asOf: next.tab === "data" && next.asOf !== null ? String(next.asOf) : undefined });
  return (
    <VersionedDetailPage
      kind="Feature group"
      queryKey={featureStoreKeys.featureGroup}
      queryFn={fetchFeatureGroup}
      listHref={`/projects/${encodeURIComponent(project.name)}/feature-groups`}
      notFoundBackLabel="Back to the catalog"
    >
      {(group) => (
        <>
          <FeatureGroupHeader project={project.name} group={group} />
          <OnlineSyncWarning project={project.name} group={group} />
          {canReadJobs && (
            <ActiveJobsBanner
              project={project.name}
              name={group.name}
              version={group.version}
              featureGroupId={group.id}
            />
          )}
          <Tabs value={tab} onValueChange={(value) => navigate({ tab: value as TTab, asOf })}>
            <TabsList>
              <TabsTrigger value="schema">Schema</TabsTrigger>
              <TabsTrigger value="data">Data</TabsTrigger>
              <TabsTrigger value="statistics">Statistics</TabsTrigger>
              <TabsTrigger value="monitoring">Monitoring</TabsTrigger>
              <TabsTrigger value="backtests">Backtests</TabsTrigger>
              <TabsTrigger value="activity">Activity</TabsTrigger>
              <TabsTrigger value="history">History</TabsTrigger>
              <TabsTrigger value="validation">Validation</TabsTrigger>
              {canReadJobs && <TabsTrigger value="jobs">Jobs</TabsTrigger>}
            </TabsList>
            <TabsContent value="schema">
              <SchemaTab project={project.name} group={group} />
            </TabsContent>
            <TabsContent value="data">
              <DataTab
                project={project.name}
                name={group.name}
                version={group.version}
                featureTypes={Object.fromEntries(group.features.map((feature) => [feature.name, feature.type]))}
                keyColumns={group.primaryKey}
                asOf={asOf}
                onAsOfChange={(next) => navigate({ tab: "data", asOf: next })}
              />
            </TabsContent>
            <TabsContent value="statistics">
              <StatisticsTab project={project.name} name={group.name} version={group.version} />
            </TabsContent>
            <TabsContent value="monitoring">
              <MonitoringTab
                project={project.name}
                target={{ kind: "featureGroup", name: group.name, version: group.version }}
                features={group.features}
              >
                <FreshnessCard project={project.name} name={group.name} version={group.version} />
              </MonitoringTab>
            </TabsContent>
            <TabsContent value="backtests">
              <BacktestsTab
                project={project.name}
                target={{ kind: "featureGroup", name: group.name, version: group.version }}
                selected={view.backtest}
                onSelect={(backtest) => apply({ tab: "backtests", backtest })}
              />
            </TabsContent>
            <TabsContent value="activity">
              <ActivityTab project={project.name} name={group.name} version={group.version} />
            </TabsContent>
            <TabsContent value="history">
              <HistoryTab project={project.name} area="feature-groups" name={group.name} version={group.version} />
            </TabsContent>
            <TabsContent value="validation">
              <ValidationTab
                project={project.name}
                name={group.name}
                version={group.version}
                features={group.features}
                canWrite={canWriteGroups && group.sharedFrom === null}
              />
            </TabsContent>
            {canReadJobs && (
              <TabsContent value="jobs">
                <GroupJobsTab project={project.name} featureGroupId={group.id} />
              </TabsContent>
            )}
          </Tabs>
        </>
      )}
    </VersionedDetailPage>
  );
};
