"use client";

import { Trash2 } from "lucide-react";
import { IconButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { RULE_TYPES } from "@/lib/api/validation";
import { RULE_LABELS } from "@/lib/client/validation";
import type { TRuleDraft } from "./rule-draft";

// One rule of the suite editor: its type, feature and severity, and the fields its type has. Errors come by the
// API's field path (`rules.3.max`), from the shared schema on the client or from the server's 422.

const RANGE_TYPES = new Set([
  "between",
  "string_length_between",
  "mean_between",
  "std_between",
  "null_fraction_between",
  "row_count_between",
]);

type TProps = {
  index: number;
  draft: TRuleDraft;
  features: { name: string; type: string }[];
  errorAt: (path: string) => string | undefined;
  onChange: (draft: TRuleDraft) => void;
  onRemove: () => void;
};

const Check = ({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (value: boolean) => void;
}) => (
  <label className="flex items-center gap-2 text-sm text-slate-700">
    <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
    {label}
  </label>
);

export const RuleFields = ({ index, draft, features, errorAt, onChange, onRemove }: TProps) => {
  const set = (patch: Partial<TRuleDraft>) => onChange({ ...draft, ...patch });
  const at = (field: string) => errorAt(`rules.${index}.${field}`);
  const number = `Rule ${index + 1}`;
  return (
    <fieldset className="grid gap-3 rounded-md border border-slate-200 p-3" aria-label={number}>
      <div className="flex items-center justify-between">
        <legend className="text-sm font-semibold text-slate-900">{number}</legend>
        <IconButton icon={Trash2} label={`Remove rule ${index + 1}`} onClick={onRemove} />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Rule" error={at("type")}>
          {(control) => (
            <Select {...control} value={draft.type} onValueChange={(type) => set({ type: type as TRuleDraft["type"] })}>
              {RULE_TYPES.map((type) => (
                <option key={type} value={type}>
                  {RULE_LABELS[type]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {draft.type !== "row_count_between" && (
          <Field label="Feature" error={at("feature")}>
            {(control) => (
              <Select {...control} value={draft.feature} onValueChange={(feature) => set({ feature })}>
                {features.map((feature) => (
                  <option key={feature.name} value={feature.name}>
                    {feature.name} ({feature.type})
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
        <Field label="Severity" error={at("severity")}>
          {(control) => (
            <Select
              {...control}
              value={draft.severity}
              onValueChange={(severity) => set({ severity: severity as TRuleDraft["severity"] })}
            >
              <option value="error">Error</option>
              <option value="warning">Warning</option>
            </Select>
          )}
        </Field>
      </div>
      {RANGE_TYPES.has(draft.type) && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Minimum" error={at("min")} hint="Empty: no lower bound">
            {(control) => (
              <Input {...control} inputMode="decimal" value={draft.min} onValueChange={(min) => set({ min })} />
            )}
          </Field>
          <Field label="Maximum" error={at("max")} hint="Empty: no upper bound">
            {(control) => (
              <Input {...control} inputMode="decimal" value={draft.max} onValueChange={(max) => set({ max })} />
            )}
          </Field>
          {draft.type === "between" && (
            <>
              <Check
                label="Minimum inclusive"
                checked={draft.minInclusive}
                onChange={(minInclusive) => set({ minInclusive })}
              />
              <Check
                label="Maximum inclusive"
                checked={draft.maxInclusive}
                onChange={(maxInclusive) => set({ maxInclusive })}
              />
            </>
          )}
        </div>
      )}
      {(draft.type === "in_set" || draft.type === "not_in_set") && (
        <Field label="Values" hint="Comma-separated" error={at("values")}>
          {(control) => <Input {...control} value={draft.values} onValueChange={(values) => set({ values })} />}
        </Field>
      )}
      {draft.type === "matches_regex" && (
        <Field label="Pattern" hint="RE2 syntax, as DuckDB's regexp_matches reads it" error={at("pattern")}>
          {(control) => (
            <Input
              {...control}
              className="font-mono"
              value={draft.pattern}
              onValueChange={(pattern) => set({ pattern })}
            />
          )}
        </Field>
      )}
      {draft.type === "unique" && (
        <Field label="Unique among" error={at("scope")}>
          {(control) => (
            <Select
              {...control}
              value={draft.scope}
              onValueChange={(scope) => set({ scope: scope as TRuleDraft["scope"] })}
            >
              <option value="load">The rows of the load</option>
              <option value="table">The rows visible after the write</option>
            </Select>
          )}
        </Field>
      )}
      {draft.type === "freshness" && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Maximum age" error={at("maxAgeSeconds")}>
            {(control) => (
              <Input
                {...control}
                inputMode="numeric"
                value={draft.maxAge}
                onValueChange={(maxAge) => set({ maxAge })}
              />
            )}
          </Field>
          <Field label="Unit">
            {(control) => (
              <Select
                {...control}
                value={draft.maxAgeUnit}
                onValueChange={(unit) => set({ maxAgeUnit: unit as TRuleDraft["maxAgeUnit"] })}
              >
                <option value="minutes">Minutes</option>
                <option value="hours">Hours</option>
                <option value="days">Days</option>
              </Select>
            )}
          </Field>
        </div>
      )}
    </fieldset>
  );
};
