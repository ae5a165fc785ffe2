"use client";

import { CardBody, Section } from "@/components/ui/card";
import type { TUpload } from "@/lib/api/feature-groups";
import { formatBytes } from "@/lib/client/format-values";
import { UploadDropZone } from "./upload-drop-zone";
import { useFileUpload } from "./use-file-upload";
import { ValuesTable } from "./values-table";

/** The "From a file" start: upload, then the inferred schema pre-fills the form and the sample rows show. */
export const StartFromFile = ({
  project,
  upload,
  onUpload,
}: {
  project: string;
  upload: TUpload | null;
  onUpload: (upload: TUpload | null) => void;
}) => {
  const { state, start, reset } = useFileUpload(project);
  const columns =
    upload?.inferredFeatures.map((feature) => ({
      name: feature.sourceName,
      type: feature.type,
      isKey: upload.suggestedPrimaryKey.includes(feature.name),
    })) ?? [];
  return (
    <Section
      id="from-file-title"
      title="From a file (optional)"
      description="Larder infers the features, suggests the keys, and loads the file once the group exists."
    >
      <CardBody className="grid gap-4">
        <UploadDropZone
          state={state}
          onFile={async (file) => {
            onUpload(null);
            onUpload(await start(file));
          }}
          onReset={() => {
            reset();
            onUpload(null);
          }}
        />
        {upload && (
          <div className="grid gap-2">
            <p className="text-sm text-slate-700">
              <span className="font-medium text-slate-900">{upload.fileName}</span> ({upload.format.toUpperCase()},{" "}
              {formatBytes(upload.sizeBytes)}): {upload.inferredFeatures.length} columns inferred. Sample rows:
            </p>
            <div className="max-h-72 overflow-auto rounded-md border border-slate-200" tabIndex={0}>
              <ValuesTable
                columns={columns}
                rows={upload.sampleRows.slice(0, 10)}
                caption={`Sample rows of ${upload.fileName}`}
              />
            </div>
          </div>
        )}
      </CardBody>
    </Section>
  );
};
