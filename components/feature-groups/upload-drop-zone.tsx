"use client";

import { FileUp, RotateCw, X } from "lucide-react";
import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, IconButton } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ApiError } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { formatBytes } from "@/lib/client/format-values";
import { ACCEPTED_UPLOAD_EXTENSIONS } from "@/lib/client/upload";
import type { TFileUploadState } from "./use-file-upload";

const problemOf = (error: unknown): string => {
  if (error instanceof ApiError) {
    const summary = error.detail ?? error.title;
    const field = error.errors[0]?.message;
    // The API often repeats the field's message as the detail: say it once.
    return field && !summary.includes(field) ? `${summary} (${field})` : summary;
  }
  return "The upload failed; try again.";
};

/** A drop zone over a labelled file input ("Upload a file"): drag a file in, or browse. */
export const UploadDropZone = ({
  state,
  onFile,
  onReset,
}: {
  state: TFileUploadState;
  onFile: (file: File) => void;
  onReset: () => void;
}) => {
  const inputId = useId();
  const [isDragging, setIsDragging] = useState(false);
  const drop = (event: React.DragEvent) => {
    event.preventDefault();
    setIsDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };
  return (
    <div className="grid gap-3">
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setIsDragging(true);
        }}
        onDragLeave={() => setIsDragging(false)}
        onDrop={drop}
        className={cn(
          "relative flex flex-col items-center rounded-lg border-2 border-dashed px-6 py-8 text-center transition-colors focus-within:border-brand-600",
          isDragging ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-slate-50/60 hover:border-slate-400",
        )}
      >
        <FileUp className="mb-2 size-6 text-brand-600" aria-hidden />
        <label htmlFor={inputId} className="cursor-pointer text-sm font-medium text-slate-900">
          Upload a file
        </label>
        <p id={`${inputId}-hint`} className="mt-1 text-sm text-slate-600">
          Drag a CSV, Parquet or JSON Lines file here, or{" "}
          <span className="font-medium text-brand-700 underline underline-offset-4">browse</span>.
        </p>
        <input
          id={inputId}
          type="file"
          accept={ACCEPTED_UPLOAD_EXTENSIONS.join(",")}
          aria-describedby={`${inputId}-hint`}
          className="absolute inset-0 cursor-pointer opacity-0"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) onFile(file);
            event.target.value = "";
          }}
        />
      </div>
      {state.status !== "idle" && (
        <div className="rounded-md border border-slate-200 bg-white px-3 py-2.5">
          <div className="mb-1.5 flex items-center justify-between gap-2 text-sm">
            <span className="min-w-0 truncate font-medium text-slate-900">{state.file.name}</span>
            <span className="flex shrink-0 items-center gap-2 text-xs text-slate-600">
              {formatBytes(state.file.size)}
              <IconButton icon={X} label="Remove file" className="size-6" onClick={onReset} />
            </span>
          </div>
          {state.status === "uploading" && (
            <ProgressBar value={state.progress} label={`Uploading ${state.file.name}`} />
          )}
          {state.status === "done" && <ProgressBar value={1} tone="success" label={`Uploaded ${state.file.name}`} />}
          {state.status === "failed" && (
            <div className="grid gap-2">
              <Alert tone="danger" title="The file was not accepted">
                {problemOf(state.error)}
              </Alert>
              <Button
                type="button"
                variant="secondary"
                size="sm"
                className="justify-self-start"
                onClick={() => onFile(state.file)}
              >
                <RotateCw aria-hidden /> Try again
              </Button>
            </div>
          )}
        </div>
      )}
    </div>
  );
};
