"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Download, Upload } from "lucide-react";
import Link from "next/link";
import { useRef } from "react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardBody, Section } from "@/components/ui/card";
import { VersionedHeading } from "@/components/ui/detail-page";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { VersionedDetailPage } from "@/components/ui/versioned-detail-page";
import type { TModel } from "@/lib/api/models";
import { featureGroupHref } from "@/lib/client/feature-store";
import { featureViewHref, trainingDatasetHref } from "@/lib/client/feature-views";
import { formatBytes } from "@/lib/client/format-values";
import { ModelLineageSection } from "./model-lineage-section";
import { fetchModel, modelArtifactHref, modelKeys, modelsHref, uploadModelArtifact } from "@/lib/client/models";

const LinkOrGone = ({ href, exists, label }: { href: string; exists: boolean; label: string }) =>
  exists ? (
    <Link href={href} className="font-mono text-sm text-brand-700 hover:underline">
      {label}
    </Link>
  ) : (
    <span className="font-mono text-sm text-slate-500">
      {label} <Badge tone="warning">deleted</Badge>
    </span>
  );

const ServingSection = ({ project, model }: { project: string; model: TModel }) => (
  <Section
    id="model-serving-title"
    title="Serving status"
    description="Whether the model's feature view can serve vectors online: every feature group it reads must be online and in sync."
  >
    <CardBody className="grid gap-3">
      {model.serving ? (
        <>
          <p className="text-sm">
            {model.serving.online ? (
              <Badge tone="success">Online</Badge>
            ) : (
              <Badge tone="warning">Not servable online</Badge>
            )}
          </p>
          <Table caption="Feature groups of the feature view" columns={["Feature group", "Online", "In sync"]}>
            <TableBody>
              {model.serving.featureGroups.map((group) => (
                <TableRow key={`${group.name}:${group.version}`}>
                  <TableCell>
                    <Link
                      href={featureGroupHref(project, group.name, group.version)}
                      className="font-mono text-xs hover:underline"
                    >
                      {group.name} v{group.version}
                    </Link>
                  </TableCell>
                  <TableCell>{group.onlineEnabled ? "yes" : "no"}</TableCell>
                  <TableCell>{group.onlineEnabled ? (group.inSync ? "yes" : "out of sync") : "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      ) : (
        <p className="text-sm text-slate-600">No feature view is linked, so there is nothing to serve.</p>
      )}
    </CardBody>
  </Section>
);

const ArtifactSection = ({ project, model }: { project: string; model: TModel }) => {
  const canWrite = useCan("models:write");
  const input = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const ref = { project, name: model.name, version: model.version };
  const upload = useMutation({
    mutationFn: (file: File) => uploadModelArtifact(ref, file),
    onSuccess: (updated) => queryClient.setQueryData(modelKeys.model(project, model.name, model.version), updated),
  });
  return (
    <Section
      id="model-artifact-title"
      title="Artifact"
      description="The model file, stored beside the data."
      actions={
        canWrite && (
          <>
            <input
              ref={input}
              type="file"
              className="sr-only"
              aria-label="Artifact file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) upload.mutate(file);
                event.target.value = "";
              }}
            />
            <Button variant="secondary" size="sm" onClick={() => input.current?.click()} isLoading={upload.isPending}>
              <Upload aria-hidden /> {model.artifact ? "Replace" : "Upload"}
            </Button>
          </>
        )
      }
    >
      <CardBody className="grid gap-2 text-sm">
        {upload.isError && <Alert tone="danger">{upload.error.message}</Alert>}
        {model.artifact ? (
          <div className="flex flex-wrap items-center gap-3">
            <span className="font-mono">{model.artifact.fileName}</span>
            <span className="text-slate-600">{formatBytes(model.artifact.sizeBytes)}</span>
            <span className="font-mono text-xs text-slate-500" title="SHA-256">
              {model.artifact.sha256.slice(0, 16)}…
            </span>
            <Button asChild variant="secondary" size="sm">
              <a href={modelArtifactHref(ref)} download>
                <Download aria-hidden /> Download
              </a>
            </Button>
          </div>
        ) : (
          <p className="text-slate-600">No artifact uploaded.</p>
        )}
      </CardBody>
    </Section>
  );
};

export const ModelPage = () => {
  const project = useCurrentProject().name;
  return (
    <VersionedDetailPage kind="Model" queryKey={modelKeys.model} queryFn={fetchModel} listHref={modelsHref(project)}>
      {(model) => (
        <>
          <VersionedHeading
            name={model.name}
            version={model.version}
            badges={model.framework ? <Badge>{model.framework}</Badge> : undefined}
            description={model.description || "No description."}
            meta={
              <>
                registered <RelativeTime iso={model.createdAt} />
                {model.createdBy ? ` by ${model.createdBy}` : ""}
              </>
            }
          />
          <div className="grid gap-6">
            <Section id="model-training-title" title="Trained on">
              <CardBody>
                <dl className="grid gap-3 text-sm sm:grid-cols-2">
                  <div>
                    <dt className="text-slate-600">Feature view</dt>
                    <dd>
                      {model.featureView ? (
                        <LinkOrGone
                          href={featureViewHref(project, model.featureView.name, model.featureView.version)}
                          exists={model.featureView.exists}
                          label={`${model.featureView.name} v${model.featureView.version}`}
                        />
                      ) : (
                        "—"
                      )}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-slate-600">Training datasets</dt>
                    <dd className="grid gap-1">
                      {model.trainingDatasets.length
                        ? model.trainingDatasets.map((dataset) => (
                            <LinkOrGone
                              key={`${dataset.name}:${dataset.version}`}
                              href={trainingDatasetHref(project, dataset.name, dataset.version)}
                              exists={dataset.exists}
                              label={`${dataset.name} v${dataset.version}`}
                            />
                          ))
                        : "—"}
                    </dd>
                  </div>
                </dl>
              </CardBody>
            </Section>
            <Section id="model-metrics-title" title="Metrics">
              <CardBody>
                {Object.keys(model.metrics).length ? (
                  <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
                    {Object.entries(model.metrics).map(([key, value]) => (
                      <div key={key} className="rounded-md border border-slate-200 px-3 py-2">
                        <dt className="text-xs text-slate-600">{key}</dt>
                        <dd className="font-mono text-lg text-slate-900">{value}</dd>
                      </div>
                    ))}
                  </dl>
                ) : (
                  <p className="text-sm text-slate-600">No metrics recorded.</p>
                )}
              </CardBody>
            </Section>
            <ModelLineageSection project={project} name={model.name} version={model.version} />
            <ServingSection project={project} model={model} />
            <ArtifactSection project={project} model={model} />
          </div>
        </>
      )}
    </VersionedDetailPage>
  );
};
