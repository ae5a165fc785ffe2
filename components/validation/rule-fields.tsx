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
const SEVERITIES = [
  { value: "error", label: "Error" },
  { value: "warning", label: "Warning" },
];
const SCOPES = [
  { value: "load", label: "The rows of the load" },
  { value: "table", label: "The rows visible after the write" },
];
const BOUNDS = [
  { key: "min", label: "Minimum", hint: "Empty: no lower bound" },
  { key: "max", label: "Maximum", hint: "Empty: no upper bound" },
] as const;
const INCLUSIVE = [
  { key: "minInclusive", label: "Minimum inclusive" },
  { key: "maxInclusive", label: "Maximum inclusive" },
] as const;
const TYPE_CHOICES = RULE_TYPES.map((type) => ({ value: type, label: RULE_LABELS[type] }));
const PATTERN_HINT = "RE2 syntax, as DuckDB's regexp_matches reads it";
const UNITS = [
  { value: "minutes", label: "Minutes" },
  { value: "hours", label: "Hours" },
  { value: "days", label: "Days" },
];

/** What every rule's fields share: the features to pick from, the errors by path, and the edits. */
export type TRuleEditor = {
  features: { name: string; type: string }[];
  errorAt: (path: string) => string | undefined;
  update: (draft: TRuleDraft) => void;
  remove: (draft: TRuleDraft) => void;
};

type TFieldProps = { label: string; error?: string; hint?: string };
/** A control bound to one field of the draft: its text, its edit and its error. */
type TBound = { value: string; onValue: (value: string) => void };
type TTextKey =
  "type" | "feature" | "severity" | "min" | "max" | "values" | "pattern" | "scope" | "maxAge" | "maxAgeUnit";

const Choice = ({
  choices,
  value,
  onValue,
  ...field
}: TFieldProps & TBound & { choices: { value: string; label: string }[] }) => {
  const options = choices.map((choice) => <option key={choice.value} value={choice.value} label={choice.label} />);
  return (
    <Field {...field}>
      {(control) => (
        <Select {...control} value={value} onValueChange={onValue}>
          {options}
        </Select>
      )}
    </Field>
  );
};

const Text = ({
  value,
  onValue,
  input = {},
  ...field
}: TFieldProps & TBound & { input?: React.ComponentProps<"input"> }) => (
  <Field {...field}>{(control) => <Input {...control} {...input} value={value} onValueChange={onValue} />}</Field>
);

const Check = ({ label, checked, onCheck }: { label: string; checked: boolean; onCheck: (value: boolean) => void }) => (
  <label className="flex items-center gap-2 text-sm text-slate-700">
    <input type="checkbox" checked={checked} onChange={(event) => onCheck(event.target.checked)} />
    {label}
  </label>
);

export const RuleFields = ({ index, draft, editor }: { index: number; draft: TRuleDraft; editor: TRuleEditor }) => {
  const set = (patch: Partial<TRuleDraft>) => editor.update({ ...draft, ...patch });
  const at = (field: string) => editor.errorAt(`rules.${index}.${field}`);
  const title = `Rule ${index + 1}`;
  /** The draft's field `key` for a control, with the error of the API's field `field` (the same name by default). */
  const bind = (key: TTextKey, field: string = key) => ({
    value: draft[key],
    onValue: (value: string) => set({ [key]: value } as Partial<TRuleDraft>),
    error: at(field),
  });
  const features = editor.features.map(({ name, type }) => ({ value: name, label: `${name} (${type})` }));
  return (
    <fieldset className="grid gap-3 rounded-md border border-slate-200 p-3" aria-label={title}>
      <div className="flex items-center justify-between">
        <legend className="text-sm font-semibold text-slate-900">{title}</legend>
        <IconButton icon={Trash2} label={`Remove rule ${index + 1}`} onClick={() => editor.remove(draft)} />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <Choice label="Rule" choices={TYPE_CHOICES} {...bind("type")} />
        {draft.type !== "row_count_between" && <Choice label="Feature" choices={features} {...bind("feature")} />}
        <Choice label="Severity" choices={SEVERITIES} {...bind("severity")} />
      </div>
      {RANGE_TYPES.has(draft.type) && (
        <div className="grid gap-3 sm:grid-cols-2">
          {BOUNDS.map(({ key, label, hint }) => (
            <Text key={key} label={label} hint={hint} input={{ inputMode: "decimal" }} {...bind(key)} />
          ))}
          {draft.type === "between" &&
            INCLUSIVE.map(({ key, label }) => (
              <Check key={key} label={label} checked={draft[key]} onCheck={(checked) => set({ [key]: checked })} />
            ))}
        </div>
      )}
      {(draft.type === "in_set" || draft.type === "not_in_set") && (
        <Text label="Values" hint="Comma-separated" {...bind("values")} />
      )}
      {draft.type === "matches_regex" && (
        <Text label="Pattern" hint={PATTERN_HINT} input={{ className: "font-mono" }} {...bind("pattern")} />
      )}
      {draft.type === "unique" && <Choice label="Unique among" choices={SCOPES} {...bind("scope")} />}
      {draft.type === "freshness" && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Text label="Maximum age" input={{ inputMode: "numeric" }} {...bind("maxAge", "maxAgeSeconds")} />
          <Choice label="Unit" choices={UNITS} {...bind("maxAgeUnit")} />
        </div>
      )}
    </fieldset>
  );
};
