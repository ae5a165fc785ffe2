"use client";

import { useMutation } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { useState } from "react";
import { LiveJobSummary } from "@/components/jobs/live-job-summary";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { ApiError } from "@/lib/client/api";
import { insertUpload } from "@/lib/client/feature-store";
import { UploadDropZone } from "./upload-drop-zone";
import { useFileUpload } from "./use-file-upload";

/** Upload a file (with progress), insert it as a job, and follow the job. Rows with existing keys are updated. */
export const LoadDataDialog = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  const [isOpen, setIsOpen] = useState(false);
  const { state, start, reset } = useFileUpload(project);
  const insert = useMutation({ mutationFn: insertUpload });
  const changeOpen = (open: boolean) => {
    setIsOpen(open);
    if (open) return;
    reset();
    insert.reset();
  };
  const upload = state.status === "done" ? state.upload : null;
  const missing = upload
    ? group.features
        .filter(
          (feature) => feature.isPrimaryKey && !upload.inferredFeatures.some((column) => column.name === feature.name),
        )
        .map((feature) => feature.name)
    : [];
  const job = insert.data?.job;
  return (
    <Dialog open={isOpen} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button>
          <Upload aria-hidden /> Load data
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Load data into ${group.name} v${group.version}`}
        description="Upload a CSV, Parquet or JSON Lines file whose columns match the features. Rows with a new key are inserted; rows with an existing key are updated. The load runs as a job and becomes one commit."
      >
        <div className="grid gap-4">
          {!job && (
            <UploadDropZone
              state={state}
              onFile={(file) => {
                insert.reset();
                void start(file);
              }}
              onReset={reset}
            />
          )}
          {missing.length > 0 && (
            <Alert tone="warning" title="The file lacks primary-key columns">
              {missing.join(", ")} {missing.length === 1 ? "is" : "are"} not in the file; the load will fail.
            </Alert>
          )}
          {insert.error && (
            <Alert tone="danger">
              {insert.error instanceof ApiError
                ? (insert.error.errors[0]?.message ?? insert.error.detail ?? insert.error.title)
                : "The load could not start; try again."}
            </Alert>
          )}
          {job && <LiveJobSummary project={project} initialJob={job} />}
        </div>
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" variant="secondary">
              {job ? "Close" : "Cancel"}
            </Button>
          </DialogClose>
          {!job && (
            <Button
              onClick={() =>
                upload && insert.mutate({ project, name: group.name, version: group.version, uploadId: upload.id })
              }
              disabled={!upload}
              isLoading={insert.isPending}
            >
              Start load
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
};
