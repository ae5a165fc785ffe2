"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCan } from "@/components/projects/project-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { ApiError } from "@/lib/client/api";
import { featureStoreKeys, jobHref, materializeIncrementally } from "@/lib/client/feature-store";
import { formatAbsoluteTime } from "@/lib/client/format";
import { useCommits } from "./use-commits";

/**
 * The online store lags the offline store: writing commit `onlineOutOfSyncSince` through to it failed (see
 * server/online/sync-state.ts). Online vectors serve older values until an incremental materialization catches up;
 * one was enqueued when the write failed, and this offers another.
 */
const failureOf = (error: Error): string =>
  error instanceof ApiError ? (error.detail ?? error.title) : "The request failed";

export const OnlineSyncWarning = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  const since = group.onlineOutOfSyncSince;
  const canMaterialize = useCan("featureData:write");
  const queryClient = useQueryClient();
  const commits = useCommits({ project, name: group.name, version: group.version });
  const mutation = useMutation({
    mutationFn: () => materializeIncrementally({ project, name: group.name, version: group.version }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: featureStoreKeys.jobs(project) }),
  });
  if (since === null) return null;
  const commit = commits.data?.find((candidate) => candidate.version === since);
  return (
    <Alert tone="warning" title={`The online store is out of sync since commit v${since}`} className="mb-6">
      <p>
        Writing commit v{since}
        {commit ? ` (committed ${formatAbsoluteTime(commit.committedAt)})` : ""} to the online store failed, so online
        vectors may serve values older than the offline store. A repair was enqueued and retries on its own; if it keeps
        failing, check that the online store is reachable (<span className="font-mono">npm run online:check</span>) and
        re-materialize.
      </p>
      {canMaterialize && (
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <Button
            type="button"
            size="sm"
            variant="secondary"
            isLoading={mutation.isPending}
            onClick={() => mutation.mutate()}
          >
            Re-materialize changed keys
          </Button>
          {mutation.data && (
            <Link href={jobHref(project, mutation.data.job.id)} className="font-medium underline">
              Materialize job enqueued
            </Link>
          )}
          {mutation.error && <span className="font-medium text-red-700">{failureOf(mutation.error)}</span>}
        </div>
      )}
    </Alert>
  );
};
