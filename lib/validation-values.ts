import { hasScope } from "./scopes";
import type { TRuleResult, TValidationRule } from "./api/validation";

// A rule's result shows feature values in its failing rows and, for mean_between and std_between, in what it
// observed (an aggregate of values, as the statistics' roles say). Without `featureData:read` a reader sees counts
// and pass/fail, never a value. Validation reports and backtests pass every stored result through this function.

/** Aggregates that reveal values; the other observed numbers are counts and fractions. */
const VALUE_AGGREGATES: ReadonlySet<TValidationRule["type"]> = new Set(["mean_between", "std_between"]);

/** A rule's result as evaluated (failing rows as they were). */
export type TStoredRuleResult = {
  rule: TValidationRule;
  success: boolean;
  observed: number | null;
  failingRows: number;
  failingSamples: Record<string, string | null>[];
};

export const showRuleResult = (result: TStoredRuleResult, scopes: readonly string[]): TRuleResult => {
  const canRead = hasScope({ scopes, required: "featureData:read" });
  const observedHidden = !canRead && VALUE_AGGREGATES.has(result.rule.type);
  return {
    rule: result.rule,
    success: result.success,
    observed: observedHidden ? null : result.observed,
    observedHidden,
    failingRows: result.failingRows,
    failingSamples: canRead ? result.failingSamples : [],
    samplesHidden: !canRead && result.failingSamples.length > 0,
  };
};
