"use client";

import { Upload } from "lucide-react";
import { useState } from "react";
import { LiveJobSummary } from "@/components/jobs/live-job-summary";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { useFieldMessages, useZodForm } from "@/components/ui/use-zod-form";
import { ZInsertSchema, type TFeatureGroup } from "@/lib/api/feature-groups";
import type { TJob } from "@/lib/api/jobs";
import { insertUpload } from "@/lib/client/feature-store";
import { UploadDropZone } from "./upload-drop-zone";
import { useFileUpload } from "./use-file-upload";

/** Upload a file (with progress), insert it as a job, and follow the job. Rows with existing keys are updated. */
export const LoadDataDialog = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  const [job, setJob] = useState<TJob | null>(null);
  const { state, start, reset } = useFileUpload(project);
  const form = useZodForm({ schema: ZInsertSchema, defaultValues: { uploadId: "" } });
  const messages = useFieldMessages(form);
  const upload = state.status === "done" ? state.upload : null;
  const missing = upload
    ? group.features
        .filter(
          (feature) => feature.isPrimaryKey && !upload.inferredFeatures.some((column) => column.name === feature.name),
        )
        .map((feature) => feature.name)
    : [];
  const chooseFile = async (file: File) => {
    form.reset();
    const done = await start(file);
    if (done) form.setValue("uploadId", done.id);
  };
  return (
    <FormDialog
      form={form}
      onSubmit={async ({ uploadId }) =>
        setJob(
          (await insertUpload({ project, name: group.name, version: group.version, uploadId: uploadId ?? "" })).job,
        )
      }
      closesOnSuccess={false}
      outcome={job && { content: <LiveJobSummary project={project} initialJob={job} />, closeLabel: "Close" }}
      onClosed={() => {
        reset();
        setJob(null);
      }}
      trigger={<Button icon={Upload}>Load data</Button>}
      title={`Load data into ${group.name} v${group.version}`}
      description="Upload a CSV, Parquet or JSON Lines file whose columns match the features. Rows with a new key are inserted; rows with an existing key are updated. The load runs as a job and becomes one commit."
      submitLabel="Start load"
      canSubmit={Boolean(upload)}
      failure="The load could not start; try again."
    >
      <UploadDropZone
        state={state}
        onFile={(file) => void chooseFile(file)}
        onReset={() => {
          reset();
          form.reset();
        }}
      />
      {missing.length > 0 && (
        <Alert tone="warning" title="The file lacks primary-key columns">
          {missing.join(", ")} {missing.length === 1 ? "is" : "are"} not in the file; the load will fail.
        </Alert>
      )}
      {messages.uploadId && <Alert tone="danger">{messages.uploadId}</Alert>}
    </FormDialog>
  );
};
