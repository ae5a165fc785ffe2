"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field, TextField } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { MAX_EXPRESSION_LENGTH } from "@/lib/api/feature-views";
import type { TFieldMessages } from "@/lib/client/form-errors";
import { newDraftKey, type TOnDemandDraft } from "./builder-draft";

// The language reference of docs/feature-views.md ("On-demand features: the expression language"), condensed.
const LANGUAGE_REFERENCE: [string, string][] = [
  ["literals", "3, 2.5, 1e3, 'text' ('it''s'), true, false, null"],
  ["references", "any stored output feature (amount); request.name for a request parameter"],
  ["operators", "+ - * / % (x / 0 is null), = != <> < <= > >=, and or not"],
  [
    "functions",
    "abs log sqrt, coalesce(a, …), if(cond, a, b), lower upper length, year month day day_of_week hour_of_day (UTC; Sunday = 0), days_between(a, b)",
  ],
  ["nulls", "propagate through operators and functions, as in SQL"],
];

export const OnDemandEditor = ({
  features,
  onChange,
  errors,
}: {
  features: TOnDemandDraft[];
  onChange: (next: TOnDemandDraft[]) => void;
  errors: TFieldMessages;
}) => {
  const set = (index: number, patch: Partial<TOnDemandDraft>) =>
    onChange(features.map((feature, position) => (position === index ? { ...feature, ...patch } : feature)));
  return (
    <div className="grid gap-4">
      <details className="rounded-md border border-slate-200 bg-slate-50/60 px-3 py-2 text-sm">
        <summary className="cursor-pointer font-medium text-slate-800">Expression language reference</summary>
        <dl className="mt-2 grid gap-1 text-xs sm:grid-cols-[7rem_1fr]">
          {LANGUAGE_REFERENCE.map(([term, text]) => (
            <div key={term} className="contents">
              <dt className="font-medium text-slate-700">{term}</dt>
              <dd className="font-mono text-slate-800">{text}</dd>
            </div>
          ))}
        </dl>
      </details>
      {features.map((feature, index) => (
        <div
          key={feature.key}
          className="grid gap-3 rounded-md border border-slate-200 p-3"
          role="group"
          aria-label={`On-demand feature ${index + 1}`}
        >
          <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)_auto] sm:items-start">
            <TextField
              label="Name"
              error={errors[`onDemandFeatures.${index}.name`]}
              value={feature.name}
              onValueChange={(name) => set(index, { name })}
              className="font-mono"
              spellCheck={false}
              placeholder="amount_to_limit"
            />
            <TextField
              label="Description"
              error={errors[`onDemandFeatures.${index}.description`]}
              value={feature.description}
              onValueChange={(description) => set(index, { description })}
            />
            <Button
              type="button"
              variant="ghost"
              size="sm"
              className="sm:mt-6"
              onClick={() => onChange(features.filter((_, position) => position !== index))}
              aria-label={`Remove on-demand feature ${index + 1}`}
            >
              <Trash2 aria-hidden />
            </Button>
          </div>
          <Field
            label="Expression"
            hint={`Computed at request time and backfilled in training data; at most ${MAX_EXPRESSION_LENGTH.toLocaleString("en")} characters.`}
            error={errors[`onDemandFeatures.${index}.expression`]}
          >
            {(control) => (
              <Textarea
                {...control}
                value={feature.expression}
                onValueChange={(expression) => set(index, { expression })}
                rows={2}
                className="font-mono text-xs"
                spellCheck={false}
                placeholder="amount / credit_limit"
              />
            )}
          </Field>
        </div>
      ))}
      <Button
        type="button"
        variant="secondary"
        size="sm"
        className="justify-self-start"
        onClick={() => onChange([...features, { key: newDraftKey(), name: "", expression: "", description: "" }])}
      >
        <Plus aria-hidden /> Add on-demand feature
      </Button>
    </div>
  );
};
