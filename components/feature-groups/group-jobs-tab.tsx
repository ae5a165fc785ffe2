"use client";

import { ListChecks } from "lucide-react";
import { JobsTable } from "@/components/jobs/jobs-table";
import { useLiveJobs } from "@/components/jobs/use-live-jobs";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { TableSkeleton } from "@/components/ui/skeleton";

/** This group's jobs, with live progress while any is queued or running. */
export const GroupJobsTab = ({ project, featureGroupId }: { project: string; featureGroupId: string }) => {
  const { query, jobs } = useLiveJobs({ project, filters: { featureGroupId } });
  return (
    <Card>
      {query.isPending && <TableSkeleton label="Loading jobs" columns={6} />}
      {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
      {jobs?.length === 0 && (
        <EmptyState
          icon={ListChecks}
          title="No jobs for this group yet"
          description="Loading data, deleting rows, compaction and vacuum run as jobs; they appear here with live progress."
        />
      )}
      {jobs && jobs.length > 0 && (
        <>
          <JobsTable project={project} jobs={jobs} showFeatureGroup={false} />
          {query.hasNextPage && (
            <div className="border-t border-slate-200 px-4 py-3">
              <Button
                variant="secondary"
                size="sm"
                onClick={() => query.fetchNextPage()}
                isLoading={query.isFetchingNextPage}
              >
                Load older jobs
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
};
