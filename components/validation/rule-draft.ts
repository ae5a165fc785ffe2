import type { TRuleType, TValidationRule, TValidationRuleInput } from "@/lib/api/validation";

// A rule as the editor's form holds it (text in inputs), and its conversion to and from the API's rule.

type TAgeUnit = "minutes" | "hours" | "days";
const UNIT_SECONDS: Record<TAgeUnit, number> = { minutes: 60, hours: 3600, days: 86_400 };

export type TRuleDraft = {
  key: number;
  type: TRuleType;
  feature: string;
  severity: "error" | "warning";
  min: string;
  max: string;
  minInclusive: boolean;
  maxInclusive: boolean;
  /** Set values, comma-separated. */
  values: string;
  pattern: string;
  scope: "load" | "table";
  maxAge: string;
  maxAgeUnit: TAgeUnit;
};

let nextKey = 1;

export const emptyDraft = (feature: string): TRuleDraft => ({
  key: nextKey++,
  type: "not_null",
  feature,
  severity: "error",
  min: "",
  max: "",
  minInclusive: true,
  maxInclusive: true,
  values: "",
  pattern: "",
  scope: "load",
  maxAge: "",
  maxAgeUnit: "hours",
});

const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));

export const draftFromRule = (rule: TValidationRule, fallbackFeature: string): TRuleDraft => {
  const draft = { ...emptyDraft("feature" in rule ? rule.feature : fallbackFeature), type: rule.type };
  draft.severity = rule.severity;
  if ("min" in rule) Object.assign(draft, { min: text(rule.min), max: text(rule.max) });
  if ("minInclusive" in rule)
    Object.assign(draft, { minInclusive: rule.minInclusive, maxInclusive: rule.maxInclusive });
  if ("values" in rule) draft.values = rule.values.map(String).join(", ");
  if (rule.type === "matches_regex") draft.pattern = rule.pattern;
  if (rule.type === "unique") draft.scope = rule.scope;
  if (rule.type === "freshness") {
    const unit = (["days", "hours", "minutes"] as const).find((u) => rule.maxAgeSeconds % UNIT_SECONDS[u] === 0);
    draft.maxAgeUnit = unit ?? "minutes";
    draft.maxAge = String(rule.maxAgeSeconds / UNIT_SECONDS[draft.maxAgeUnit]);
  }
  return draft;
};

/** A number typed in a field: empty is no bound; text that is not a number is sent as it is (the API names it). */
const bound = (value: string): number | string | null => {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
};

const NUMERIC = new Set(["int", "bigint", "float", "double"]);

const setValue = (value: string, featureType: string | undefined): string | number | boolean => {
  if (featureType && NUMERIC.has(featureType) && Number.isFinite(Number(value))) return Number(value);
  if (featureType === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
};

/** The API's rule for a draft: only the fields its type has. */
export const ruleFromDraft = (draft: TRuleDraft, featureType: string | undefined): TValidationRuleInput => {
  const base = { type: draft.type, severity: draft.severity, feature: draft.feature };
  const range = { min: bound(draft.min), max: bound(draft.max) };
  switch (draft.type) {
    case "between":
      return { ...base, ...range, minInclusive: draft.minInclusive, maxInclusive: draft.maxInclusive } as never;
    case "string_length_between":
    case "mean_between":
    case "std_between":
    case "null_fraction_between":
      return { ...base, ...range } as never;
    case "row_count_between":
      return { type: draft.type, severity: draft.severity, ...range } as never;
    case "in_set":
    case "not_in_set": {
      const values = draft.values
        .split(",")
        .map((value) => value.trim())
        .filter((value) => value !== "");
      return { ...base, values: values.map((value) => setValue(value, featureType)) } as never;
    }
    case "matches_regex":
      return { ...base, pattern: draft.pattern } as never;
    case "unique":
      return { ...base, scope: draft.scope } as never;
    case "freshness": {
      const age = bound(draft.maxAge);
      return { ...base, maxAgeSeconds: typeof age === "number" ? age * UNIT_SECONDS[draft.maxAgeUnit] : age } as never;
    }
    default:
      return base as never;
  }
};
