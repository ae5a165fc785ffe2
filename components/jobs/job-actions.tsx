"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { OctagonX, RotateCw } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { TJob } from "@/lib/api/jobs";
import { ApiError } from "@/lib/client/api";
import { cancelJob, featureStoreKeys, retryJob } from "@/lib/client/feature-store";

/** Cancel a queued or running job; retry a failed or cancelled one. Only for callers with jobs:write. */
export const JobActions = ({ project, job }: { project: string; job: TJob }) => {
  const queryClient = useQueryClient();
  const onSuccess = (next: TJob) => {
    queryClient.setQueryData(featureStoreKeys.job(project, job.id), next);
    return queryClient.invalidateQueries({ queryKey: featureStoreKeys.jobs(project) });
  };
  const cancel = useMutation({ mutationFn: cancelJob, onSuccess });
  const retry = useMutation({ mutationFn: retryJob, onSuccess });
  const error = cancel.error ?? retry.error;
  const canCancel = job.status === "QUEUED" || job.status === "RUNNING";
  const canRetry = job.status === "FAILED" || job.status === "CANCELLED";
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        {canCancel && (
          <Button
            variant="danger-outline"
            onClick={() => cancel.mutate({ project, jobId: job.id })}
            isLoading={cancel.isPending}
            disabled={Boolean(job.cancelRequestedAt)}
          >
            <OctagonX aria-hidden /> {job.cancelRequestedAt ? "Cancelling…" : "Cancel job"}
          </Button>
        )}
        {canRetry && (
          <Button onClick={() => retry.mutate({ project, jobId: job.id })} isLoading={retry.isPending}>
            <RotateCw aria-hidden /> Retry job
          </Button>
        )}
      </div>
      {error && (
        <Alert tone="danger">
          {error instanceof ApiError ? (error.detail ?? error.title) : "The request failed; try again."}
        </Alert>
      )}
    </div>
  );
};
