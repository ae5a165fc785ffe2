"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import type { TFeatureView } from "@/lib/api/feature-views";
import { ZCreateTrainingDatasetSchema, type TTrainingDatasetFormat } from "@/lib/api/training-datasets";
import { ApiError } from "@/lib/client/api";
import { featureStoreKeys, fetchFeatureGroups } from "@/lib/client/feature-store";
import { createTrainingDataset, featureViewKeys, trainingDatasetHref } from "@/lib/client/feature-views";
import { pathErrorsOf, type TPathErrors } from "@/lib/client/path-errors";
import { initialDatasetDraft, toCreateDatasetRequest, type TDatasetDraft } from "./dataset-draft";
import { SpineFields } from "./spine-fields";
import { SplitFields } from "./split-fields";

/** Creates a training dataset from a feature view: 202 with a job, then the dataset page shows its progress. */
export const CreateTrainingDatasetDialog = ({ project, view }: { project: string; view: TFeatureView }) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [isOpen, setIsOpen] = useState(false);
  const [draft, setDraft] = useState<TDatasetDraft>(() => initialDatasetDraft(view.name));
  const [errors, setErrors] = useState<TPathErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const groups = useQuery({
    queryKey: featureStoreKeys.featureGroupList(project, {}),
    queryFn: () => fetchFeatureGroups({ project }),
    enabled: isOpen && draft.spine.type === "featureGroup",
  });
  const mutation = useMutation({
    mutationFn: () =>
      createTrainingDataset({ project, name: view.name, version: view.version, body: toCreateDatasetRequest(draft) }),
    onSuccess: async ({ trainingDataset }) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: featureViewKeys.featureViews(project) }),
        queryClient.invalidateQueries({ queryKey: featureViewKeys.trainingDatasets(project) }),
      ]);
      router.push(trainingDatasetHref(project, trainingDataset.name, trainingDataset.version));
    },
    onError: (error) => {
      setErrors(pathErrorsOf(error));
      setProblem(
        error instanceof ApiError
          ? error.errors.length
            ? error.errors.map((issue) => `${issue.path}: ${issue.message}`).join("; ")
            : (error.detail ?? error.title)
          : "The training dataset could not be created; try again.",
      );
    },
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (draft.spine.type === "upload" && !draft.spine.uploadId) {
      setErrors({ "spine.uploadId": "upload a spine file first (or wait until it has finished uploading)" });
      return;
    }
    const parsed = ZCreateTrainingDatasetSchema.safeParse(toCreateDatasetRequest(draft));
    if (!parsed.success) {
      setErrors(pathErrorsOf(parsed.error));
      setProblem("Some fields need attention; see the messages next to them.");
      return;
    }
    setErrors({});
    mutation.mutate();
  };
  const changeOpen = (open: boolean) => {
    setIsOpen(open);
    if (open) {
      setDraft(initialDatasetDraft(view.name));
      setErrors({});
      setProblem(null);
    }
  };
  return (
    <Dialog open={isOpen} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button>
          <FlaskConical aria-hidden /> Create training dataset
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Create training dataset"
        description={`Point-in-time-correct rows of ${view.name} v${view.version}, split and written as files by a job.`}
        className="max-w-2xl"
      >
        <form onSubmit={submit} noValidate className="grid gap-5">
          <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
            <Field label="Name" hint="Datasets are versioned per name." error={errors.name}>
              {(control) => (
                <Input
                  {...control}
                  value={draft.name}
                  onChange={(event) => setDraft({ ...draft, name: event.target.value })}
                  className="font-mono"
                  spellCheck={false}
                />
              )}
            </Field>
            <Field label="Format" error={errors.format}>
              {(control) => (
                <Select
                  {...control}
                  value={draft.format}
                  onChange={(event) => setDraft({ ...draft, format: event.target.value as TTrainingDatasetFormat })}
                >
                  <option value="parquet">Parquet</option>
                  <option value="csv">CSV</option>
                </Select>
              )}
            </Field>
          </div>
          <Field label="Description" error={errors.description}>
            {(control) => (
              <Textarea
                {...control}
                value={draft.description}
                onChange={(event) => setDraft({ ...draft, description: event.target.value })}
                rows={2}
                className="min-h-14"
              />
            )}
          </Field>
          <SpineFields
            project={project}
            spine={draft.spine}
            servingKeys={view.servingKeys.map((key) => key.name)}
            groups={groups.data?.featureGroups ?? []}
            errors={errors}
            onChange={(spine) => setDraft({ ...draft, spine })}
          />
          <SplitFields split={draft.split} errors={errors} onChange={(split) => setDraft({ ...draft, split })} />
          {problem && (
            <Alert tone="danger" title="The training dataset was not created">
              {problem}
            </Alert>
          )}
          <DialogFooter className="mt-0">
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" isLoading={mutation.isPending}>
              Create
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
