"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { ZAppendFeaturesSchema, type TFeatureGroup } from "@/lib/api/feature-groups";
import { ApiError } from "@/lib/client/api";
import { appendFeatures, featureStoreKeys } from "@/lib/client/feature-store";
import { pathErrorsOf, type TPathErrors } from "@/lib/client/path-errors";
import { FeaturesEditor, newFeatureDraft, type TFeatureDraft } from "./features-editor";

/** Appends features to a version (non-breaking: existing rows read them as null). */
export const AddFeaturesDialog = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  const queryClient = useQueryClient();
  const [isOpen, setIsOpen] = useState(false);
  const [features, setFeatures] = useState<TFeatureDraft[]>([newFeatureDraft()]);
  const [errors, setErrors] = useState<TPathErrors>({});
  const mutation = useMutation({
    mutationFn: appendFeatures,
    onSuccess: async (next) => {
      queryClient.setQueryData(featureStoreKeys.featureGroup(project, group.name, group.version), next);
      await queryClient.invalidateQueries({ queryKey: featureStoreKeys.featureGroups(project) });
      changeOpen(false);
    },
    onError: (error) => setErrors(pathErrorsOf(error)),
  });
  const changeOpen = (open: boolean) => {
    setIsOpen(open);
    if (open) return;
    setFeatures([newFeatureDraft()]);
    setErrors({});
    mutation.reset();
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const body = {
      features: features.map((feature) => ({
        name: feature.name.trim(),
        type: feature.type,
        description: feature.description,
        defaultValue: null,
      })),
    };
    const parsed = ZAppendFeaturesSchema.safeParse(body);
    if (!parsed.success) return setErrors(pathErrorsOf(parsed.error));
    const existing = new Set(group.features.map((feature) => feature.name));
    const clash = body.features.findIndex((feature) => existing.has(feature.name));
    if (clash >= 0)
      return setErrors({ [`features.${clash}.name`]: `'${body.features[clash].name}' already exists in this version` });
    setErrors({});
    mutation.mutate({ project, name: group.name, version: group.version, features: body.features });
  };
  const formError =
    mutation.error instanceof ApiError && mutation.error.errors.length === 0
      ? (mutation.error.detail ?? mutation.error.title)
      : null;
  return (
    <Dialog open={isOpen} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm">
          <Plus aria-hidden /> Add features
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Add features"
        description={`New columns for ${group.name} v${group.version}. Rows already stored read them as null; the key and event time cannot change.`}
        className="max-w-3xl"
      >
        <form onSubmit={submit} noValidate className="grid gap-4">
          {formError && <Alert tone="danger">{formError}</Alert>}
          <FeaturesEditor features={features} onChange={setFeatures} errors={errors} />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" isLoading={mutation.isPending} disabled={features.length === 0}>
              Save {features.length === 1 ? "feature" : `${features.length} features`}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
