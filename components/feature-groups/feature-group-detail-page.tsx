"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, SearchX } from "lucide-react";
import Link from "next/link";
import { useParams, usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { ApiError } from "@/lib/client/api";
import { featureStoreKeys, fetchFeatureGroup } from "@/lib/client/feature-store";
import { ActiveJobsBanner } from "./active-jobs-banner";
import { ActivityTab } from "./activity-tab";
import { DataTab } from "./data-tab";
import { FeatureGroupHeader } from "./feature-group-header";
import { GroupJobsTab } from "./group-jobs-tab";
import { SchemaTab } from "./schema-tab";

const TABS = ["schema", "data", "activity", "jobs"] as const;
type TTab = (typeof TABS)[number];

export const FeatureGroupDetailPage = () => {
  const project = useCurrentProject();
  const canReadJobs = useCan("jobs:read");
  const params = useParams<{ name: string; version: string }>();
  const name = decodeURIComponent(params.name);
  const version = Number(params.version);
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const tab: TTab = (TABS as readonly string[]).includes(searchParams.get("tab") ?? "")
    ? (searchParams.get("tab") as TTab)
    : "schema";
  const asOfParam = searchParams.get("asOf");
  const asOf = asOfParam !== null && /^\d+$/.test(asOfParam) ? Number(asOfParam) : null;
  const query = useQuery({
    queryKey: featureStoreKeys.featureGroup(project.name, name, version),
    queryFn: () => fetchFeatureGroup({ project: project.name, name, version }),
    enabled: Number.isInteger(version),
  });
  // The open tab and the as-of commit live in the URL, so a view can be shared by link.
  const navigate = (next: { tab: TTab; asOf: number | null }) => {
    const search = new URLSearchParams();
    if (next.tab !== "schema") search.set("tab", next.tab);
    if (next.tab === "data" && next.asOf !== null) search.set("asOf", String(next.asOf));
    const text = search.toString();
    router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
  };
  const catalogHref = `/projects/${encodeURIComponent(project.name)}/feature-groups`;
  const back = (
    <Link
      href={catalogHref}
      className="mb-3 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900"
    >
      <ArrowLeft className="size-4" aria-hidden /> Feature groups
    </Link>
  );
  if (query.error instanceof ApiError && query.error.status === 404) {
    return (
      <>
        {back}
        <Card>
          <EmptyState
            icon={SearchX}
            title="Feature group not found"
            description={`There is no version ${params.version} of ${name} in ${project.name}. It may have been deleted.`}
            action={
              <Button asChild variant="secondary">
                <Link href={catalogHref}>Back to the catalog</Link>
              </Button>
            }
          />
        </Card>
      </>
    );
  }
  if (query.isError) {
    return (
      <>
        {back}
        <Card>
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        </Card>
      </>
    );
  }
  const group = query.data;
  if (!group) {
    return (
      <div role="status" aria-label="Loading feature group" className="grid gap-4">
        {back}
        <Skeleton className="h-8 w-80" />
        <Skeleton className="h-4 w-2/3" />
        <Skeleton className="h-10 w-96" />
        <Card>
          <TableSkeleton columns={4} rows={6} />
        </Card>
      </div>
    );
  }
  return (
    <>
      {back}
      <FeatureGroupHeader project={project.name} group={group} />
      {canReadJobs && (
        <ActiveJobsBanner project={project.name} name={name} version={version} featureGroupId={group.id} />
      )}
      <Tabs value={tab} onValueChange={(value) => navigate({ tab: value as TTab, asOf })}>
        <TabsList>
          <TabsTrigger value="schema">Schema</TabsTrigger>
          <TabsTrigger value="data">Data</TabsTrigger>
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
  );
};
