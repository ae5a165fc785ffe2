"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { useFieldMessages, useZodForm } from "@/components/ui/use-zod-form";
import { ZAppendFeaturesSchema, type TFeatureGroup } from "@/lib/api/feature-groups";
import { appendFeatures, featureStoreKeys } from "@/lib/client/feature-store";
import { FeaturesEditor, newFeatureDraft, toFeatureDefinitions, type TFeatureDraft } from "./features-editor";

// The API refuses a name the version already has; the console says so next to the row before sending.
const appendSchemaFor = (group: TFeatureGroup) =>
  ZAppendFeaturesSchema.superRefine((body, context) => {
    const existing = new Set(group.features.map((feature) => feature.name));
    const clash = body.features.findIndex((feature) => existing.has(feature.name));
    if (clash >= 0)
      context.addIssue({
        code: "custom",
        path: ["features", clash, "name"],
        message: `'${body.features[clash].name}' already exists in this version`,
      });
  });

/** Appends features to a version (non-breaking: existing rows read them as null). */
export const AddFeaturesDialog = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  const queryClient = useQueryClient();
  const form = useZodForm<ReturnType<typeof appendSchemaFor>, { features: TFeatureDraft[] }>({
    schema: appendSchemaFor(group),
    defaultValues: { features: [newFeatureDraft()] },
    toRequest: ({ features }) => ({
      features: toFeatureDefinitions(features).map((feature) => ({ ...feature, defaultValue: null })),
    }),
  });
  const features = form.watch("features");
  const messages = useFieldMessages(form);
  return (
    <FormDialog
      form={form}
      onSubmit={async (body) => {
        const next = await appendFeatures({ project, name: group.name, version: group.version, ...body });
        queryClient.setQueryData(featureStoreKeys.featureGroup(project, group.name, group.version), next);
      }}
      invalidates={[featureStoreKeys.featureGroups(project)]}
      onClosed={() => form.reset({ features: [newFeatureDraft()] })}
      trigger={
        <Button icon={Plus} variant="secondary" size="sm">
          Add features
        </Button>
      }
      title="Add features"
      description={`New columns for ${group.name} v${group.version}. Rows already stored read them as null; the key and event time cannot change.`}
      className="max-w-3xl"
      submitLabel={`Save ${features.length === 1 ? "feature" : `${features.length} features`}`}
      canSubmit={features.length > 0}
    >
      <FeaturesEditor
        features={features}
        onChange={(next) => form.setValue("features", next, { shouldValidate: form.formState.isSubmitted })}
        errors={messages}
      />
    </FormDialog>
  );
};
