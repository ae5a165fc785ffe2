import "server-only";
import { regexPatternError, DATE_PATTERN, TIMESTAMP_PATTERN } from "../offline";
import type { TFieldIssue } from "../errors";
import type { TFeatureType } from "@/lib/api/feature-groups";
import type { TValidationRule } from "@/lib/api/validation";

// What the rule schema cannot know alone: that each rule's feature exists in the group and has a type the rule and
// its values fit, and that a regex compiles in the engine that runs it (DuckDB's RE2, not JavaScript's RegExp).

const NUMERIC: readonly TFeatureType[] = ["int", "bigint", "float", "double"];
const INTEGER: readonly TFeatureType[] = ["int", "bigint"];
const TEMPORAL: readonly TFeatureType[] = ["timestamp", "date", "bigint"];

/** The feature types each rule accepts (every type but arrays where not listed). */
const ACCEPTS: Partial<Record<TValidationRule["type"], readonly TFeatureType[]>> = {
  between: NUMERIC,
  mean_between: NUMERIC,
  std_between: NUMERIC,
  matches_regex: ["string"],
  string_length_between: ["string"],
  freshness: TEMPORAL,
};

/** Why a set value does not fit the feature's type, or null. */
const setValueProblem = (value: string | number | boolean, type: TFeatureType): string | null => {
  if (INTEGER.includes(type)) return Number.isInteger(value) ? null : `expected an integer for a ${type} feature`;
  if (NUMERIC.includes(type)) return typeof value === "number" ? null : `expected a number for a ${type} feature`;
  if (type === "boolean") return typeof value === "boolean" ? null : "expected true or false for a boolean feature";
  if (type === "string") return typeof value === "string" ? null : "expected a string for a string feature";
  const pattern = new RegExp(`^(?:${type === "date" ? DATE_PATTERN : TIMESTAMP_PATTERN})$`);
  return typeof value === "string" && pattern.test(value) ? null : `expected a ${type} as ISO 8601 text`;
};

export const checkRules = async (
  rules: TValidationRule[],
  features: { name: string; type: string }[],
): Promise<TFieldIssue[]> => {
  const types = new Map(features.map((feature) => [feature.name, feature.type as TFeatureType]));
  const issues: TFieldIssue[] = [];
  for (const [index, rule] of rules.entries()) {
    const at = (field: string) => `rules.${index}.${field}`;
    if (rule.type === "row_count_between") continue;
    const type = types.get(rule.feature);
    if (!type) {
      issues.push({ path: at("feature"), message: `'${rule.feature}' is not a feature of this group` });
      continue;
    }
    const accepted = ACCEPTS[rule.type];
    if ((accepted && !accepted.includes(type)) || (!accepted && type === "array<float>")) {
      issues.push({
        path: at("feature"),
        message: `A ${rule.type} rule cannot check the ${type} feature '${rule.feature}'`,
      });
      continue;
    }
    if (rule.type === "in_set" || rule.type === "not_in_set")
      rule.values.forEach((value, position) => {
        const problem = setValueProblem(value, type);
        if (problem) issues.push({ path: at(`values.${position}`), message: problem });
      });
    if (rule.type === "matches_regex") {
      const problem = await regexPatternError(rule.pattern);
      if (problem) issues.push({ path: at("pattern"), message: `Not a valid RE2 pattern: ${problem}` });
    }
  }
  return issues;
};
