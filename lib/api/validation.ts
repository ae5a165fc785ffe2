import { z } from "zod";

// Data validation: expectation suites on a feature group, and the reports their runs leave. The rule union is shared
// by the API (the suite's body) and the console's form per rule. Semantics: docs/validation.md.

const RULE_SEVERITIES = ["error", "warning"] as const;
const VALIDATION_POLICIES = ["STRICT", "ALWAYS"] as const;
export type TValidationPolicy = (typeof VALIDATION_POLICIES)[number];
export const MAX_RULES = 100;
/** Failing rows a report keeps per rule. */
export const FAILING_ROWS_KEPT = 20;

const ZFeatureRefSchema = z.string().min(1).max(200).describe("The feature (column) the rule checks");
const ZSeveritySchema = z
  .enum(RULE_SEVERITIES)
  .default("error")
  .describe("error: fails a STRICT ingest; warning: reported only");
const ZBoundSchema = z.number().finite().nullable().optional();
const ZCountBoundSchema = z.number().int().min(0).nullable().optional();
const ZFractionBoundSchema = z.number().min(0).max(1).nullable().optional();
const ZSetValueSchema = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);

type TRange = { min?: number | null; max?: number | null; minInclusive?: boolean; maxInclusive?: boolean };

/** A range needs a bound, and its bounds in order (equal bounds only when both are inclusive). */
const checkRange = (rule: TRange, context: z.RefinementCtx) => {
  const hasMin = rule.min !== undefined && rule.min !== null;
  const hasMax = rule.max !== undefined && rule.max !== null;
  if (!hasMin && !hasMax) context.addIssue({ code: "custom", path: ["min"], message: "Give min, max or both" });
  if (!hasMin || !hasMax) return;
  const bothInclusive = rule.minInclusive !== false && rule.maxInclusive !== false;
  if (rule.min! > rule.max! || (rule.min === rule.max && !bothInclusive))
    context.addIssue({ code: "custom", path: ["max"], message: `max (${rule.max}) is below min (${rule.min})` });
};

const range = <B extends z.ZodType>(bound: B) => ({ min: bound, max: bound });

export const ZValidationRuleSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("not_null"), feature: ZFeatureRefSchema, severity: ZSeveritySchema }),
  z
    .object({
      type: z.literal("between"),
      feature: ZFeatureRefSchema,
      ...range(ZBoundSchema),
      minInclusive: z.boolean().default(true),
      maxInclusive: z.boolean().default(true),
      severity: ZSeveritySchema,
    })
    .superRefine(checkRange),
  z.object({
    type: z.literal("in_set"),
    feature: ZFeatureRefSchema,
    values: z.array(ZSetValueSchema).min(1).max(1000),
    severity: ZSeveritySchema,
  }),
  z.object({
    type: z.literal("not_in_set"),
    feature: ZFeatureRefSchema,
    values: z.array(ZSetValueSchema).min(1).max(1000),
    severity: ZSeveritySchema,
  }),
  z.object({
    type: z.literal("unique"),
    feature: ZFeatureRefSchema,
    scope: z
      .enum(["load", "table"])
      .default("load")
      .describe("load: no value twice within the load; table: no value twice among the rows visible after the write"),
    severity: ZSeveritySchema,
  }),
  z.object({
    type: z.literal("matches_regex"),
    feature: ZFeatureRefSchema,
    pattern: z.string().min(1).max(1000).describe("An RE2 pattern (DuckDB's regexp_full_match: the whole value)"),
    severity: ZSeveritySchema,
  }),
  z
    .object({
      type: z.literal("string_length_between"),
      feature: ZFeatureRefSchema,
      ...range(ZCountBoundSchema),
      severity: ZSeveritySchema,
    })
    .superRefine(checkRange),
  ...(["mean_between", "std_between"] as const).map((type) =>
    z
      .object({ type: z.literal(type), feature: ZFeatureRefSchema, ...range(ZBoundSchema), severity: ZSeveritySchema })
      .superRefine(checkRange),
  ),
  z
    .object({
      type: z.literal("null_fraction_between"),
      feature: ZFeatureRefSchema,
      ...range(ZFractionBoundSchema),
      severity: ZSeveritySchema,
    })
    .superRefine(checkRange),
  z
    .object({ type: z.literal("row_count_between"), ...range(ZCountBoundSchema), severity: ZSeveritySchema })
    .superRefine(checkRange),
  z.object({
    type: z.literal("freshness"),
    feature: ZFeatureRefSchema,
    maxAgeSeconds: z
      .number()
      .int()
      .positive()
      .max(100 * 365 * 86_400),
    severity: ZSeveritySchema,
  }),
]);
export type TValidationRule = z.infer<typeof ZValidationRuleSchema>;
export type TValidationRuleInput = z.input<typeof ZValidationRuleSchema>;
export type TRuleType = TValidationRule["type"];
export const RULE_TYPES = ZValidationRuleSchema.options.map((option) => option.shape.type.value) as TRuleType[];

export const ZPutSuiteSchema = z.object({
  policy: z.enum(VALIDATION_POLICIES).describe("STRICT: a failed error rule fails the ingest; ALWAYS: write, report"),
  rules: z.array(ZValidationRuleSchema).max(MAX_RULES),
});

export const ZSuiteSchema = ZPutSuiteSchema.extend({
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type TSuite = z.infer<typeof ZSuiteSchema>;

export const ZRuleResultSchema = z.object({
  rule: ZValidationRuleSchema,
  success: z.boolean(),
  /** The aggregate the rule judged (a mean, a fraction, a row count), or null when hidden or not an aggregate. */
  observed: z.number().nullable(),
  observedHidden: z.boolean(),
  failingRows: z.number(),
  /** Up to 20 failing rows: the key, the event time and the rule's feature; empty when hidden. */
  failingSamples: z.array(z.record(z.string(), z.unknown())),
  samplesHidden: z.boolean(),
});
export type TRuleResult = z.infer<typeof ZRuleResultSchema>;

export const ZValidationReportSchema = z.object({
  id: z.string(),
  trigger: z.enum(["INGEST", "ON_DEMAND"]),
  policy: z.enum(VALIDATION_POLICIES),
  outcome: z.enum(["PASSED", "WARNINGS", "FAILED"]).describe("FAILED: an error rule failed"),
  /** Whether the load was written (an ingest under ALWAYS, or that passed); null for on-demand runs. */
  written: z.boolean().nullable(),
  jobId: z.string().nullable(),
  commitVersion: z.number().nullable().describe("The commit the ingest wrote, or the commit an on-demand run read"),
  rowCount: z.number(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  results: z.array(ZRuleResultSchema),
});
export type TValidationReport = z.infer<typeof ZValidationReportSchema>;

export const ZReportListQuerySchema = z.object({
  jobId: z.string().max(100).optional().describe("Only the report of this ingest job"),
  commitVersion: z.coerce.number().int().min(0).optional().describe("Only reports about this commit"),
});

export const ZRunSuiteSchema = z.object({
  commitVersion: z.number().int().min(0).optional().describe("The commit to validate (default: the latest)"),
});
