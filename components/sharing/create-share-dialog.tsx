"use client";

import { useQuery } from "@tanstack/react-query";
import { Share2 } from "lucide-react";
import { useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { RadioChoices } from "@/components/ui/radio-choices";
import { useFieldMessages, useZodForm } from "@/components/ui/use-zod-form";
import { ZCreateShareSchema, type TCreateShare } from "@/lib/api/sharing";
import { messageAt } from "@/lib/client/form-errors";
import { fetchFeatureGroups } from "@/lib/client/feature-store";
import { fetchFeatureViews, fetchProjectTrainingDatasets } from "@/lib/client/feature-views";
import { createShare, shareKeys } from "@/lib/client/sharing";

// Settings › Sharing: an Owner (`shares:write`) offers the whole feature store, or chosen groups, views and
// datasets of this project, to another project by name, READ or READ_WRITE (docs/sharing.md). The API's refusals
// (422 naming `withProject` or `items.N.id`) are shown under the field they name.

type TKind = "featureGroup" | "featureView" | "trainingDataset";
type TShareDraft = {
  withProject: string;
  level: "READ" | "READ_WRITE";
  scope: "all" | "items";
  items: string[]; // "<kind>:<id>"
};
type TChoice = { key: string; label: string };

const toRequest = ({ withProject, level, scope, items }: TShareDraft): TCreateShare => ({
  withProject: withProject.trim(),
  level,
  items:
    scope === "all"
      ? "all"
      : items.map((key) => {
          const [kind, id] = key.split(":") as [TKind, string];
          return { kind, id };
        }),
});

const LEVELS = [
  { value: "READ", label: "Read", hint: "the receiver reads the items, their data and statistics" },
  { value: "READ_WRITE", label: "Read-write", hint: "the receiver may also insert rows into shared feature groups" },
] as const;
const SCOPES = [
  { value: "all", label: "The whole feature store", hint: "every group, view and dataset, present and future" },
  { value: "items", label: "Chosen items", hint: "only the groups, views and datasets ticked below" },
] as const;

/** This project's own items (not those shared with it), as checklist choices per kind. */
const useOwnItems = (project: string, enabled: boolean) => {
  const query = useQuery({
    queryKey: [...shareKeys.list(project), "own-items"],
    enabled,
    queryFn: async () => {
      const [groups, views, datasets] = await Promise.all([
        fetchFeatureGroups({ project }),
        fetchFeatureViews({ project }),
        fetchProjectTrainingDatasets(project),
      ]);
      const own = <T extends { id: string; name: string; version: number; sharedFrom: unknown }>(
        kind: TKind,
        rows: T[],
      ) =>
        rows
          .filter((row) => row.sharedFrom === null)
          .map((row) => ({ key: `${kind}:${row.id}`, label: `${row.name} v${row.version}` }));
      return {
        featureGroup: own("featureGroup", groups.featureGroups),
        featureView: own("featureView", views.featureViews),
        trainingDataset: own("trainingDataset", datasets.trainingDatasets),
      } satisfies Record<TKind, TChoice[]>;
    },
  });
  return query;
};

const KIND_TITLES: Record<TKind, string> = {
  featureGroup: "Feature groups",
  featureView: "Feature views",
  trainingDataset: "Training datasets",
};

export const CreateShareDialog = ({ project }: { project: string }) => {
  const form = useZodForm<typeof ZCreateShareSchema, TShareDraft>({
    schema: ZCreateShareSchema,
    defaultValues: { withProject: "", level: "READ", scope: "items", items: [] },
    toRequest,
  });
  const [level, scope, items] = useWatch({ control: form.control, name: ["level", "scope", "items"] });
  const messages = useFieldMessages(form);
  const choices = useOwnItems(project, scope === "items");
  const toggle = (key: string, checked: boolean) =>
    form.setValue("items", checked ? [...items, key] : items.filter((item) => item !== key));
  // The API names an item by its position in the list sent: show it beside that item.
  const itemError = (key: string) => {
    const index = items.indexOf(key);
    return index < 0 ? undefined : messageAt(messages, `items.${index}`);
  };
  const listError = messages.items;
  return (
    <FormDialog
      form={form}
      onSubmit={(request) => createShare(project, request)}
      invalidates={[shareKeys.list(project)]}
      trigger={<Button icon={Share2}>Share…</Button>}
      title="Share with another project"
      description="The receiving project's Owner accepts or declines. Shared items appear in its catalog, marked with this project."
      submitLabel="Share"
      className="max-w-xl"
    >
      <FormField form={form} name="withProject" label="Receiving project" hint="The other project's name">
        {(control) => <Input {...control} autoComplete="off" placeholder="project_name" />}
      </FormField>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">Access</legend>
        <RadioChoices
          name="share-level"
          label="Access"
          choices={LEVELS}
          value={level}
          onChange={(value) => form.setValue("level", value)}
        />
      </fieldset>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">What</legend>
        <RadioChoices
          name="share-scope"
          label="What"
          choices={SCOPES}
          value={scope}
          onChange={(value) => form.setValue("scope", value)}
        />
        {scope === "items" && (
          <div className="grid max-h-64 gap-3 overflow-y-auto rounded-md border border-slate-200 p-3">
            {!choices.data && <p className="text-sm text-slate-600">Loading this project’s items…</p>}
            {choices.data &&
              (Object.keys(KIND_TITLES) as TKind[]).map((kind) => (
                <div key={kind} role="group" aria-label={KIND_TITLES[kind]} className="grid gap-1">
                  <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">{KIND_TITLES[kind]}</p>
                  {choices.data[kind].length === 0 && <p className="text-sm text-slate-500">None</p>}
                  {choices.data[kind].map((choice) => (
                    <div key={choice.key}>
                      <label className="flex items-center gap-2 text-sm text-slate-800">
                        <input
                          type="checkbox"
                          className="size-4 accent-brand-600"
                          checked={items.includes(choice.key)}
                          onChange={(event) => toggle(choice.key, event.target.checked)}
                        />
                        <span className="font-mono text-xs">{choice.label}</span>
                      </label>
                      <FieldError message={itemError(choice.key)} className="ml-6" />
                    </div>
                  ))}
                </div>
              ))}
          </div>
        )}
        <FieldError message={listError} />
      </fieldset>
    </FormDialog>
  );
};
