"use client";

import { useQuery } from "@tanstack/react-query";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { useVersionParams } from "@/components/ui/use-version-params";
import { DetailPage } from "@/components/ui/detail-page";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { oneOf, useUrlFilters } from "@/components/ui/use-url-filters";
import { featureStoreKeys, fetchFeatureGroup } from "@/lib/client/feature-store";
import { ActiveJobsBanner } from "./active-jobs-banner";
import { ActivityTab } from "./activity-tab";
import { DataTab } from "./data-tab";
import { FeatureGroupHeader } from "./feature-group-header";
import { GroupJobsTab } from "./group-jobs-tab";
import { OnlineSyncWarning } from "./online-sync-warning";
import { SchemaTab } from "./schema-tab";
import { StatisticsTab } from "@/components/statistics/statistics-tab";

const TABS = ["schema", "data", "statistics", "activity", "jobs"] as const;
type TTab = (typeof TABS)[number];
type TGroupView = { tab?: TTab; asOf?: string };

const DEFAULTS: TGroupView = { tab: "schema" };

const viewFrom = (params: URLSearchParams): TGroupView => ({
  tab: oneOf(params, "tab", TABS),
  asOf: /^\d+$/.test(params.get("asOf") ?? "") ? (params.get("asOf") ?? undefined) : undefined,
});

export const FeatureGroupDetailPage = () => {
  const project = useCurrentProject();
  const canReadJobs = useCan("jobs:read");
  const { name, version, isValid, notFound } = useVersionParams({ project: project.name, kind: "Feature group" });
  // The open tab and the as-of commit live in the URL, so a view can be shared by link.
  const { filters: view, apply } = useUrlFilters({ parse: viewFrom, defaults: DEFAULTS });
  const tab = view.tab ?? "schema";
  const asOf = view.asOf === undefined ? null : Number(view.asOf);
  const navigate = (next: { tab: TTab; asOf: number | null }) =>
    apply({ tab: next.tab, asOf: next.tab === "data" && next.asOf !== null ? String(next.asOf) : undefined });
  const query = useQuery({
    queryKey: featureStoreKeys.featureGroup(project.name, name, version),
    queryFn: () => fetchFeatureGroup({ project: project.name, name, version }),
    enabled: isValid,
  });
  return (
    <DetailPage
      query={query}
      back={{ href: `/projects/${encodeURIComponent(project.name)}/feature-groups`, label: "Feature groups" }}
      notFound={notFound("Back to the catalog")}
      loadingLabel="Loading feature group"
    >
      {(group) => (
        <>
          <FeatureGroupHeader project={project.name} group={group} />
          <OnlineSyncWarning project={project.name} group={group} />
          {canReadJobs && (
            <ActiveJobsBanner project={project.name} name={name} version={version} featureGroupId={group.id} />
          )}
          <Tabs value={tab} onValueChange={(value) => navigate({ tab: value as TTab, asOf })}>
            <TabsList>
              <TabsTrigger value="schema">Schema</TabsTrigger>
              <TabsTrigger value="data">Data</TabsTrigger>
              <TabsTrigger value="statistics">Statistics</TabsTrigger>
              <TabsTrigger value="activity">Activity</TabsTrigger>
              {canReadJobs && <TabsTrigger value="jobs">Jobs</TabsTrigger>}
            </TabsList>
            <TabsContent value="schema">
              <SchemaTab project={project.name} group={group} />
            </TabsContent>
            <TabsContent value="data">
              <DataTab
                project={project.name}
                name={name}
                version={version}
                featureTypes={Object.fromEntries(group.features.map((feature) => [feature.name, feature.type]))}
                keyColumns={group.primaryKey}
                asOf={asOf}
                onAsOfChange={(next) => navigate({ tab: "data", asOf: next })}
              />
            </TabsContent>
            <TabsContent value="statistics">
              <StatisticsTab project={project.name} name={name} version={version} />
            </TabsContent>
            <TabsContent value="activity">
              <ActivityTab project={project.name} name={name} version={version} />
            </TabsContent>
            {canReadJobs && (
              <TabsContent value="jobs">
                <GroupJobsTab project={project.name} featureGroupId={group.id} />
              </TabsContent>
            )}
          </Tabs>
        </>
      )}
    </DetailPage>
  );
};
