import "server-only";
import {
  eventTimeNotBeforeSql,
  isEventTimeType,
  queryJsonRows,
  quoteIdent,
  quoteLiteral,
  type DuckDBConnection,
} from "../offline";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { FAILING_ROWS_KEPT, type TValidationRule } from "@/lib/api/validation";
import type { TStoredRuleResult } from "@/lib/validation-values";

// The evaluation of a suite over a load (or a commit's snapshot) with DuckDB: one aggregate query answers every
// rule (failing-row counts and aggregates), one more query takes up to 20 failing rows of each failing row rule.
// Row rules let NULL pass (not_null is the rule for NULLs); semantics in docs/validation.md.

/** A rule's result as stored: failing rows unredacted (lib/validation-values.ts redacts them per reader). */
export type { TStoredRuleResult };

export type TEvaluation = { rowCount: number; results: TStoredRuleResult[] };

type TFeatureSpec = { name: string; type: TFeatureType };

type TEvaluateParams = {
  connection: DuckDBConnection;
  /** A relation of the rows to check (the staged load, or a snapshot). */
  loadSql: string;
  /**
   * The rows visible after the write whose `columns` hold a value of the load — those and no others (a table-scope
   * `unique` counts duplicates among them without filtering again) — `columns` only. For an on-demand run the
   * snapshot itself, which is the load.
   */
  visibleAfterSql: (columns: string[]) => Promise<string>;
  /**
   * A scalar query: the rows kept from before the write whose `column` holds a value of the load (0 exactly when
   * none is), for a table-scope `unique` rule's first answer. For an on-demand run none: the snapshot is the load.
   */
  keptRowsWithLoadValuesSql: (column: string) => Promise<string>;
  rules: TValidationRule[];
  features: TFeatureSpec[];
  /** Columns a failing row is shown by, besides the rule's feature: the primary key and the event time. */
  keyColumns: string[];
  /** The instant freshness is judged at. */
  now: Date;
};

const TEMPORAL_LITERAL: Partial<Record<TFeatureType, string>> = { date: "DATE", timestamp: "TIMESTAMPTZ" };

/** A set value as a literal of the feature's type (rules-check.ts has checked that it fits). */
const literal = (value: string | number | boolean, type: TFeatureType): string => {
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return String(value);
  const temporal = TEMPORAL_LITERAL[type];
  return temporal ? `CAST(${quoteLiteral(value)} AS ${temporal})` : quoteLiteral(value);
};

const setList = (values: (string | number | boolean)[], type: TFeatureType): string =>
  values.map((value) => literal(value, type)).join(", ");

type TRange = { min?: number | null; max?: number | null; minInclusive?: boolean; maxInclusive?: boolean };

const bounds = (value: string, rule: TRange): string[] => [
  ...(rule.min !== undefined && rule.min !== null
    ? [`${value} ${rule.minInclusive === false ? ">" : ">="} ${rule.min}`]
    : []),
  ...(rule.max !== undefined && rule.max !== null
    ? [`${value} ${rule.maxInclusive === false ? "<" : "<="} ${rule.max}`]
    : []),
];

/** Whether a number lies within a rule's bounds (the aggregate rules judge in JS what the query observed). */
const withinBounds = (observed: number | null, rule: TRange): boolean => {
  if (observed === null || Number.isNaN(observed)) return false;
  const aboveMin =
    rule.min === undefined ||
    rule.min === null ||
    (rule.minInclusive === false ? observed > rule.min : observed >= rule.min);
  const belowMax =
    rule.max === undefined ||
    rule.max === null ||
    (rule.maxInclusive === false ? observed < rule.max : observed <= rule.max);
  return aboveMin && belowMax;
};

/**
 * SQL that is TRUE for a row the rule fails (row rules), with the CTE it needs (unique). A `unique` rule also has
 * `duplicates`, answered in the aggregate's own pass: 0 when no value repeats, else a positive number (not
 * necessarily the count of failing rows); only when it is not 0 are the failing rows counted through the CTE (the
 * semi-join costs 3–4× the count). For the load, the values beyond the first of each; for the table, those of the
 * load plus the rows kept from before the write that hold a load value — a repeat among the visible rows is
 * either inside the load (the staged load, which keeps one row per write key, repeats no more than the whole load)
 * or a kept row beside a load row.
 */
const rowFailure = async (
  rule: TValidationRule,
  index: number,
  { features, now, visibleAfterSql, keptRowsWithLoadValuesSql, loadSql }: TEvaluateParams,
): Promise<{ fails: string; cte?: string; duplicates?: string } | null> => {
  if (rule.type === "row_count_between") return null;
  const column = quoteIdent(rule.feature);
  const type = features.find((feature) => feature.name === rule.feature)!.type;
  const not = (condition: string) => `(${column} IS NOT NULL AND NOT (${condition}))`;
  switch (rule.type) {
    case "not_null":
      return { fails: `${column} IS NULL` };
    case "between":
      return { fails: not(bounds(column, rule).join(" AND ")) };
    case "string_length_between":
      return { fails: not(bounds(`length(${column})`, rule).join(" AND ")) };
    // list_contains, not IN: DuckDB tests IN (…) value by value (2 s for 100 values over 1 M rows, 0.1 s this way).
    case "in_set":
      return { fails: not(`list_contains([${setList(rule.values, type)}], ${column})`) };
    case "not_in_set":
      return { fails: `list_contains([${setList(rule.values, type)}], ${column})` };
    case "matches_regex":
      return { fails: not(`regexp_matches(${column}, ${quoteLiteral(rule.pattern)})`) };
    case "freshness": {
      if (!isEventTimeType(type)) throw new Error(`freshness on a ${type} column`);
      const oldest = new Date(now.getTime() - rule.maxAgeSeconds * 1000);
      return { fails: not(eventTimeNotBeforeSql({ expression: column, type, instant: oldest })) };
    }
    case "unique": {
      const among = rule.scope === "table" ? await visibleAfterSql([rule.feature]) : loadSql;
      const values = `SELECT ${column} AS v FROM ${among} AS a WHERE ${column} IS NOT NULL`;
      const cte = `dup_${index} AS MATERIALIZED (${values} GROUP BY v HAVING count(*) > 1)`;
      const inLoad = `count(${column}) - count(DISTINCT ${column})`;
      const duplicates =
        rule.scope === "table" ? `${inLoad} + (${await keptRowsWithLoadValuesSql(rule.feature)})` : inLoad;
      return { fails: `${column} IN (SELECT v FROM dup_${index})`, cte, duplicates };
    }
    default:
      return null;
  }
};

/** SQL of the aggregate an aggregate rule judges. */
const aggregate = (rule: TValidationRule): string | null => {
  switch (rule.type) {
    case "mean_between":
      return `avg(${quoteIdent(rule.feature)})`;
    case "std_between":
      return `stddev_samp(${quoteIdent(rule.feature)})`;
    case "null_fraction_between":
      return `CAST(count(*) - count(${quoteIdent(rule.feature)}) AS DOUBLE) / nullif(count(*), 0)`;
    case "row_count_between":
      return `count(*)`;
    default:
      return null;
  }
};

const toNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Evaluates every rule over the load in one pass, plus one query only when a row rule failed. */
export const evaluateRules = async (params: TEvaluateParams): Promise<TEvaluation> => {
  const { connection, loadSql, rules, keyColumns } = params;
  const failures = await Promise.all(rules.map((rule, index) => rowFailure(rule, index, params)));
  const columns = rules.map((rule, index) => {
    const failure = failures[index];
    if (failure?.duplicates) return `${failure.duplicates} AS r${index}`;
    return failure ? `count(*) FILTER (WHERE ${failure.fails}) AS r${index}` : `${aggregate(rule)} AS r${index}`;
  });
  const [counts] = await queryJsonRows(
    connection,
    `SELECT count(*) AS n${columns.map((column) => `, ${column}`).join("")} FROM ${loadSql} AS load`,
  );
  const rowCount = Number(counts.n);
  const failing = rules.flatMap((_, index) => (failures[index] && Number(counts[`r${index}`] ?? 0) > 0 ? [index] : []));
  // The unique rules that found duplicates: how many rows of the load carry a duplicated value.
  const ctes = failing.flatMap((index) => (failures[index]?.cte ? [failures[index]!.cte!] : []));
  const withClause = ctes.length ? `WITH ${ctes.join(", ")} ` : "";
  const recount = failing.filter((index) => failures[index]?.duplicates);
  if (recount.length) {
    const [exact] = await queryJsonRows(
      connection,
      `${withClause}SELECT ${recount.map((index) => `count(*) FILTER (WHERE ${failures[index]!.fails}) AS r${index}`).join(", ")} FROM ${loadSql} AS load`,
    );
    for (const index of recount) counts[`r${index}`] = exact[`r${index}`];
  }
  const results: TStoredRuleResult[] = rules.map((rule, index) => {
    const value = toNumber(counts[`r${index}`]);
    if (failures[index]) {
      const failingRows = value ?? 0;
      return {
        rule,
        success: failingRows === 0,
        observed: rowCount ? failingRows / rowCount : 0,
        failingRows,
        failingSamples: [],
      };
    }
    // An aggregate of no values (the mean of an all-NULL column) fails: there is nothing to vouch for.
    return { rule, success: withinBounds(value, rule as TRange), observed: value, failingRows: 0, failingSamples: [] };
  });
  if (failing.length === 0) return { rowCount, results };
  const samples = failing.map((index) => {
    const rule = rules[index] as Extract<TValidationRule, { feature: string }>;
    const shown = [...new Set([...keyColumns, rule.feature])];
    const struct = shown.map((name) => `${quoteLiteral(name)}: CAST(${quoteIdent(name)} AS VARCHAR)`).join(", ");
    return `(SELECT ${index} AS rule, CAST(to_json({${struct}}) AS VARCHAR) AS row FROM ${loadSql} AS load WHERE ${failures[index]!.fails} LIMIT ${FAILING_ROWS_KEPT})`;
  });
  const rows = await queryJsonRows(connection, `${withClause}${samples.join(" UNION ALL ")}`);
  for (const row of rows)
    results[Number(row.rule)].failingSamples.push(JSON.parse(String(row.row)) as Record<string, string | null>);
  return { rowCount, results };
};
