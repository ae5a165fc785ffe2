"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { fieldErrorOf, MutationForm } from "@/components/ui/mutation-form";
import { Card, CardBody } from "@/components/ui/card";
import { Field, TextField } from "@/components/ui/field";
import { Select, Textarea } from "@/components/ui/input";
import { ApiError } from "@/lib/client/api";
import { featureViewKeys, fetchFeatureViews } from "@/lib/client/feature-views";
import { createModel, modelHref, modelKeys } from "@/lib/client/models";

/** `auc=0.91` per line → { auc: 0.91 }; a line that is not `name=number` is named in the error. */
const parseMetrics = (text: string): { metrics: Record<string, number>; problem: string | null } => {
  const metrics: Record<string, number> = {};
  for (const [index, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    const match = /^\s*([^=\s]+)\s*=\s*(-?[0-9.eE+-]+)\s*$/.exec(line);
    if (!match || !Number.isFinite(Number(match[2])))
      return { metrics, problem: `line ${index + 1} is not name=number` };
    metrics[match[1]] = Number(match[2]);
  }
  return { metrics, problem: null };
};

/** Register a model version: what it is, how good it is, and the training dataset it was trained on. */
export const NewModelForm = () => {
  const project = useCurrentProject().name;
  const router = useRouter();
  const queryClient = useQueryClient();
  const views = useQuery({
    queryKey: featureViewKeys.featureViews(project),
    queryFn: () => fetchFeatureViews({ project }),
  });
  const datasets = (views.data?.featureViews ?? []).flatMap((view) =>
    view.trainingDatasets
      .filter((dataset) => dataset.status === "READY")
      .map((dataset) => ({
        value: `${dataset.name}:${dataset.version}`,
        label: `${dataset.name} v${dataset.version} (from ${view.name} v${view.version})`,
      })),
  );
  const [name, setName] = useState("");
  const [framework, setFramework] = useState("");
  const [description, setDescription] = useState("");
  const [metricsText, setMetricsText] = useState("");
  const [dataset, setDataset] = useState("");
  const metrics = parseMetrics(metricsText);
  const mutation = useMutation({
    mutationFn: () => {
      const [datasetName, datasetVersion] = dataset.split(":");
      return createModel(project, {
        name,
        framework,
        description,
        metrics: metrics.metrics,
        trainingDatasets: dataset ? [{ name: datasetName, version: Number(datasetVersion) }] : [],
      });
    },
    onSuccess: async (model) => {
      await queryClient.invalidateQueries({ queryKey: modelKeys.list(project) });
      router.push(modelHref(project, model.name, model.version));
    },
  });
  const fieldError = fieldErrorOf(mutation.error);
  return (
    <>
      <PageHeader
        title="Register model"
        description="A new version of a model name, linked to what it was trained on."
      />
      <Card>
        <CardBody>
          <MutationForm mutation={mutation} submitLabel="Register model" canSubmit={!metrics.problem}>
            <TextField
              label="Name"
              value={name}
              onValueChange={setName}
              error={fieldError("name")}
              placeholder="fraud_model"
              required
            />
            <TextField
              label="Framework"
              value={framework}
              onValueChange={setFramework}
              error={fieldError("framework")}
              placeholder="xgboost"
            />
            <Field label="Description" error={fieldError("description")}>
              {(control) => <Textarea {...control} value={description} onValueChange={setDescription} />}
            </Field>
            <Field
              label="Metrics"
              hint="One per line: auc=0.91"
              error={
                metrics.problem ??
                (mutation.error instanceof ApiError
                  ? mutation.error.errors.find((issue) => issue.path.startsWith("metrics"))?.message
                  : undefined)
              }
            >
              {(control) => (
                <Textarea {...control} value={metricsText} onValueChange={setMetricsText} className="font-mono" />
              )}
            </Field>
            <Field
              label="Training dataset"
              error={fieldError("trainingDatasets.0")}
              hint="Its feature view is linked too."
            >
              {(control) => (
                <Select {...control} value={dataset} onValueChange={setDataset}>
                  <option value="">None</option>
                  {datasets.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </MutationForm>
        </CardBody>
      </Card>
    </>
  );
};
