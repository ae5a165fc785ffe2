"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Tags, Trash2 } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, IconButton } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { TLabels } from "@/lib/api/tags";
import { ApiError, type TVersionRef } from "@/lib/client/api";
import { fetchLabels, fetchTagSchemas, latestSchemas, putLabels, tagKeys } from "@/lib/client/tags";
import { TagBadges } from "./tag-badges";
import { TagFieldInput } from "./tag-field-input";

type TDraft = { schema: string; version: number; value: Record<string, unknown> };

/** The tags and keywords of one feature: badges, and (for writers) a dialog that edits the whole set. */
export const FeatureTags = ({ group, feature, canEdit }: { group: TVersionRef; feature: string; canEdit: boolean }) => {
  const labels = useQuery({ queryKey: tagKeys.labels(group, feature), queryFn: () => fetchLabels(group, feature) });
  return (
    <span className="flex flex-wrap items-center gap-1">
      {labels.data && <TagBadges tags={labels.data.tags} keywords={labels.data.keywords} />}
      {canEdit && labels.data && <EditTagsDialog group={group} feature={feature} labels={labels.data} />}
    </span>
  );
};

const EditTagsDialog = ({ group, feature, labels }: { group: TVersionRef; feature: string; labels: TLabels }) => {
  const queryClient = useQueryClient();
  const schemas = useQuery({ queryKey: tagKeys.schemas, queryFn: fetchTagSchemas });
  const [isOpen, setIsOpen] = useState(false);
  const [drafts, setDrafts] = useState<TDraft[]>([]);
  const [keywords, setKeywords] = useState("");
  const [adding, setAdding] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const latest = latestSchemas(schemas.data?.schemas ?? []);
  const fieldsOf = (draft: TDraft) =>
    schemas.data?.schemas.find((schema) => schema.name === draft.schema && schema.version === draft.version)?.fields ??
    [];

  const open = (next: boolean) => {
    setIsOpen(next);
    if (!next) return;
    setDrafts(labels.tags.map(({ schema, version, value }) => ({ schema, version, value })));
    setKeywords(labels.keywords.join(", "));
    setError(null);
  };
  const addTag = () => {
    const schema = latest.find((candidate) => candidate.name === adding);
    if (!schema || drafts.some((draft) => draft.schema === schema.name)) return;
    setDrafts([...drafts, { schema: schema.name, version: schema.version, value: {} }]);
    setAdding("");
  };
  const setField = (index: number, field: string, value: unknown) =>
    setDrafts(
      drafts.map((draft, i) => (i === index ? { ...draft, value: { ...draft.value, [field]: value } } : draft)),
    );
  const save = async () => {
    setIsSaving(true);
    setError(null);
    try {
      const next = await putLabels(group, feature, {
        tags: drafts.map(({ schema, version, value }) => ({
          schema,
          version,
          value: Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)),
        })),
        keywords: keywords
          .split(",")
          .map((keyword) => keyword.trim())
          .filter(Boolean),
      });
      queryClient.setQueryData(tagKeys.labels(group, feature), next);
      await queryClient.invalidateQueries({ queryKey: ["search"] });
      setIsOpen(false);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(500, "Something went wrong; try again.", undefined));
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Dialog open={isOpen} onOpenChange={open}>
      <DialogTrigger asChild>
        <IconButton icon={Tags} label={`Edit tags of ${feature}`} />
      </DialogTrigger>
      <DialogContent title={`Tags of ${feature}`} description="Tags follow their schema; keywords are free words.">
        <div className="grid gap-5">
          {drafts.map((draft, index) => (
            <fieldset key={draft.schema} className="grid gap-3 rounded-md border border-slate-200 p-3">
              <legend className="flex items-center gap-2 px-1 text-sm font-medium text-slate-900">
                {draft.schema} <span className="text-xs font-normal text-slate-500">v{draft.version}</span>
                <IconButton
                  icon={Trash2}
                  label={`Remove the ${draft.schema} tag`}
                  onClick={() => setDrafts(drafts.filter((_, i) => i !== index))}
                />
              </legend>
              {fieldsOf(draft).map((field) => (
                <TagFieldInput
                  key={field.name}
                  field={field}
                  value={draft.value[field.name]}
                  error={error?.fieldError(`tags.${index}.value.${field.name}`)}
                  onChange={(value) => setField(index, field.name, value)}
                />
              ))}
            </fieldset>
          ))}
          <div className="flex items-end gap-2">
            <Field label="Add a tag">
              {(control) => (
                <Select {...control} value={adding} onValueChange={setAdding}>
                  <option value="">Choose a schema…</option>
                  {latest
                    .filter((schema) => !drafts.some((draft) => draft.schema === schema.name))
                    .map((schema) => (
                      <option key={schema.name} value={schema.name}>
                        {schema.name}
                      </option>
                    ))}
                </Select>
              )}
            </Field>
            <Button type="button" variant="secondary" icon={Plus} onClick={addTag} disabled={!adding}>
              Add
            </Button>
          </div>
          <Field
            label="Keywords"
            hint="Separated by commas"
            error={error?.errors.find((e) => e.path.startsWith("keywords"))?.message}
          >
            {(control) => <Input {...control} value={keywords} onValueChange={setKeywords} />}
          </Field>
          {error && <Alert tone="danger">{error.detail ?? error.title}</Alert>}
        </div>
        <DialogFooter>
          <Button type="button" variant="secondary" onClick={() => setIsOpen(false)}>
            Cancel
          </Button>
          <Button type="button" onClick={save} isLoading={isSaving}>
            Save tags
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
};
