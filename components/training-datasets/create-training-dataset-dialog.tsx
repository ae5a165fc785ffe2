"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { useFieldMessages, useZodForm } from "@/components/ui/use-zod-form";
import type { TFeatureView } from "@/lib/api/feature-views";
import { ZCreateTrainingDatasetSchema } from "@/lib/api/training-datasets";
import { featureStoreKeys, fetchFeatureGroups } from "@/lib/client/feature-store";
import { createTrainingDataset, featureViewKeys, trainingDatasetHref } from "@/lib/client/feature-views";
import { initialDatasetDraft, toCreateDatasetRequest, type TDatasetDraft } from "./dataset-draft";
import { SpineFields } from "./spine-fields";
import { SplitFields } from "./split-fields";

// A spine upload still in flight has no id yet; say so rather than send an empty one.
const ZDatasetFormSchema = ZCreateTrainingDatasetSchema.superRefine((body, context) => {
  if (body.spine?.type === "upload" && !body.spine.uploadId)
    context.addIssue({
      code: "custom",
      path: ["spine", "uploadId"],
      message: "upload a spine file first (or wait until it has finished uploading)",
    });
});

/** Creates a training dataset from a feature view: 202 with a job, then the dataset page shows its progress. */
export const CreateTrainingDatasetDialog = ({ project, view }: { project: string; view: TFeatureView }) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [isOpen, setIsOpen] = useState(false);
  const form = useZodForm<typeof ZDatasetFormSchema, TDatasetDraft>({
    schema: ZDatasetFormSchema,
    defaultValues: initialDatasetDraft(view.name),
    toRequest: toCreateDatasetRequest,
  });
  const messages = useFieldMessages(form);
  const [spine, split] = form.watch(["spine", "split"]);
  const revalidate = { shouldValidate: form.formState.isSubmitted };
  const groups = useQuery({
    queryKey: featureStoreKeys.featureGroupList(project, {}),
    queryFn: () => fetchFeatureGroups({ project }),
    enabled: isOpen && spine.type === "featureGroup",
  });
  return (
    <FormDialog
      form={form}
      onSubmit={async (body) => {
        const { trainingDataset } = await createTrainingDataset({
          project,
          name: view.name,
          version: view.version,
          body,
        });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: featureViewKeys.featureViews(project) }),
          queryClient.invalidateQueries({ queryKey: featureViewKeys.trainingDatasets(project) }),
        ]);
        router.push(trainingDatasetHref(project, trainingDataset.name, trainingDataset.version));
      }}
      isOpen={isOpen}
      onOpenChange={setIsOpen}
      trigger={<Button icon={FlaskConical}>Create training dataset</Button>}
      title="Create training dataset"
      description={`Point-in-time-correct rows of ${view.name} v${view.version}, split and written as files by a job.`}
      className="max-w-2xl"
      submitLabel="Create"
      failure="The training dataset could not be created; try again."
    >
      <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <FormField form={form} name="name" label="Name" hint="Datasets are versioned per name.">
          {(control) => <Input {...control} className="font-mono" spellCheck={false} />}
        </FormField>
        <FormField form={form} name="format" label="Format">
          {(control) => (
            <Select {...control}>
              <option value="parquet">Parquet</option>
              <option value="csv">CSV</option>
            </Select>
          )}
        </FormField>
      </div>
      <FormField form={form} name="description" label="Description">
        {(control) => <Textarea {...control} rows={2} className="min-h-14" />}
      </FormField>
      <SpineFields
        project={project}
        spine={spine}
        servingKeys={view.servingKeys.map((key) => key.name)}
        groups={groups.data?.featureGroups ?? []}
        errors={messages}
        onChange={(next) => form.setValue("spine", next, revalidate)}
      />
      <SplitFields split={split} errors={messages} onChange={(next) => form.setValue("split", next, revalidate)} />
    </FormDialog>
  );
};
