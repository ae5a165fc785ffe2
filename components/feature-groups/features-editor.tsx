"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button, IconButton } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Options } from "@/components/ui/select-options";
import { FieldError } from "@/components/ui/field";
import { FEATURE_TYPES, type TFeatureType } from "@/lib/api/feature-groups";
import { messageAt, type TFieldMessages } from "@/lib/client/form-errors";

export type TFeatureDraft = { key: string; name: string; type: TFeatureType; description: string; sourceName?: string };

let draftCounter = 0;
export const newFeatureDraft = (values: Partial<Omit<TFeatureDraft, "key">> = {}): TFeatureDraft => {
  draftCounter += 1;
  return { key: `feature-${draftCounter}`, name: "", type: "string", description: "", ...values };
};

/** The drafts as the API's feature definitions: trimmed names, no editor-only keys. */
export const toFeatureDefinitions = (features: TFeatureDraft[]) =>
  features.map((feature) => ({ name: feature.name.trim(), type: feature.type, description: feature.description }));

type TRowControl = { "aria-invalid": boolean; "aria-describedby": string | undefined };

/** A cell of a feature's row: its control (named by its aria-label) and, under it, the error the control refers to. */
const RowCell = ({
  id,
  error,
  children,
}: {
  id: string;
  error: string | undefined;
  children: (control: TRowControl) => React.ReactNode;
}) => (
  <div>
    {children({ "aria-invalid": Boolean(error), "aria-describedby": error ? id : undefined })}
    <FieldError id={id} message={error} className="mt-1" />
  </div>
);

/** Rows of name, type and description; `errors` are keyed by path (`features.2.type`). */
export const FeaturesEditor = ({
  features,
  onChange,
  errors,
  pathPrefix = "features",
}: {
  features: TFeatureDraft[];
  onChange: (next: TFeatureDraft[]) => void;
  errors: TFieldMessages;
  pathPrefix?: string;
}) => {
  const update = (index: number, patch: Partial<TFeatureDraft>) =>
    onChange(features.map((feature, at) => (at === index ? { ...feature, ...patch } : feature)));
  const listError = errors[pathPrefix];
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 text-sm font-medium text-slate-800">Features</legend>
      {features.length > 0 && (
        <div
          className="hidden grid-cols-[minmax(0,1fr)_10rem_minmax(0,1.5fr)_2rem] gap-2 text-xs font-medium uppercase tracking-wide text-slate-600 sm:grid"
          aria-hidden
        >
          <span>Name</span>
          <span>Type</span>
          <span>Description</span>
        </div>
      )}
      <ol className="grid gap-2">
        {features.map((feature, index) => {
          const path = `${pathPrefix}.${index}`;
          const nameError = messageAt(errors, `${path}.name`);
          const typeError = messageAt(errors, `${path}.type`);
          const descriptionError = messageAt(errors, `${path}.description`);
          const label = feature.name || `feature ${index + 1}`;
          return (
            <li
              key={feature.key}
              className="grid grid-cols-1 gap-2 sm:grid-cols-[minmax(0,1fr)_10rem_minmax(0,1.5fr)_2rem] sm:items-start"
            >
              <RowCell id={`${feature.key}-name-error`} error={nameError}>
                {(control) => (
                  <>
                    <Input
                      {...control}
                      aria-label={`Name of feature ${index + 1}`}
                      value={feature.name}
                      onValueChange={(name) => update(index, { name })}
                      placeholder="feature_name"
                      className="font-mono"
                      spellCheck={false}
                    />
                    {feature.sourceName && feature.sourceName !== feature.name && (
                      <p className="mt-1 text-xs text-slate-600">from column “{feature.sourceName}”</p>
                    )}
                  </>
                )}
              </RowCell>
              <RowCell id={`${feature.key}-type-error`} error={typeError}>
                {(control) => (
                  <Select
                    {...control}
                    aria-label={`Type of ${label}`}
                    value={feature.type}
                    onChange={(event) => update(index, { type: event.target.value as TFeatureType })}
                  >
                    <Options values={FEATURE_TYPES} />
                  </Select>
                )}
              </RowCell>
              <RowCell id={`${feature.key}-description-error`} error={descriptionError}>
                {(control) => (
                  <Input
                    {...control}
                    aria-label={`Description of ${label}`}
                    value={feature.description}
                    onValueChange={(description) => update(index, { description })}
                    placeholder="What it means, its unit"
                  />
                )}
              </RowCell>
              <IconButton
                icon={Trash2}
                label={`Remove ${label}`}
                className="mt-0.5"
                onClick={() => onChange(features.filter((_, at) => at !== index))}
              />
            </li>
          );
        })}
      </ol>
      {features.length === 0 && (
        <p className="rounded-md border border-dashed border-slate-300 px-3 py-4 text-center text-sm text-slate-600">
          No features yet. Add the columns this group stores, or start from a file.
        </p>
      )}
      <FieldError message={listError} />
      <Button
        type="button"
        variant="secondary"
        size="sm"
        className="justify-self-start"
        onClick={() => onChange([...features, newFeatureDraft()])}
      >
        <Plus aria-hidden /> Add feature
      </Button>
    </fieldset>
  );
};
