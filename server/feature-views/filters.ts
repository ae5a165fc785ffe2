import "server-only";
import type { TFilter } from "@/lib/api/feature-views";
import { MAX_FILTER_DEPTH } from "@/lib/api/feature-views";
import type { TFieldIssue } from "../errors";
import { quoteIdent, quoteLiteral } from "../offline";

// Filters: a JSON tree over the view's output features, compiled to SQL. Identifiers go through
// quoteIdent, strings through quoteLiteral, numbers are checked finite; no user text is concatenated.

export type TFilterFeatureTypes = Map<string, string>;

const literal = (value: string | number | boolean, type: string | undefined): string => {
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("Non-finite number in a filter");
    return `CAST(${JSON.stringify(value)} AS DOUBLE)`;
  }
  // Strings compared with a timestamp/date column are read as that type (ISO text).
  if (type === "timestamp") return `CAST(${quoteLiteral(value)} AS TIMESTAMPTZ)`;
  if (type === "date") return `CAST(${quoteLiteral(value)} AS DATE)`;
  return quoteLiteral(value);
};

const NUMERIC = new Set(["int", "bigint", "float", "double"]);

/** Checks a filter against the view's features; returns issues with paths under `basePath`. */
export const validateFilter = ({
  filter,
  types,
  basePath,
}: {
  filter: TFilter;
  types: TFilterFeatureTypes;
  basePath: string;
}): TFieldIssue[] => {
  const issues: TFieldIssue[] = [];
  const visit = (node: TFilter, path: string, depth: number) => {
    if (depth > MAX_FILTER_DEPTH) {
      issues.push({ path, message: `filters nest at most ${MAX_FILTER_DEPTH} levels` });
      return;
    }
    if ("and" in node) return node.and.forEach((child, index) => visit(child, `${path}.and.${index}`, depth + 1));
    if ("or" in node) return node.or.forEach((child, index) => visit(child, `${path}.or.${index}`, depth + 1));
    const type = types.get(node.feature);
    if (!type)
      return void issues.push({ path: `${path}.feature`, message: `'${node.feature}' is not a feature of this view` });
    const values = "value" in node ? [node.value] : "values" in node ? node.values : [];
    values.forEach((value, index) => {
      const valuePath = "value" in node ? `${path}.value` : `${path}.values.${index}`;
      const ok = NUMERIC.has(type)
        ? typeof value === "number"
        : type === "boolean"
          ? typeof value === "boolean"
          : type === "array<float>"
            ? false
            : typeof value === "string";
      if (!ok)
        issues.push({
          path: valuePath,
          message: `'${node.feature}' is a ${type}; ${JSON.stringify(value)} does not compare with it`,
        });
      if ((type === "timestamp" || type === "date") && typeof value === "string" && Number.isNaN(Date.parse(value)))
        issues.push({ path: valuePath, message: `'${value}' is not an ISO ${type}` });
    });
  };
  visit(filter, basePath, 0);
  return issues;
};

/** SQL predicate for a validated filter; `column(name)` gives the SQL of an output feature (default: quoted name). */
export const filterToSql = ({
  filter,
  types,
  column = quoteIdent,
}: {
  filter: TFilter;
  types: TFilterFeatureTypes;
  column?: (name: string) => string;
}): string => {
  if ("and" in filter)
    return `(${filter.and.map((child) => filterToSql({ filter: child, types, column })).join(" AND ")})`;
  if ("or" in filter)
    return `(${filter.or.map((child) => filterToSql({ filter: child, types, column })).join(" OR ")})`;
  const target = column(filter.feature);
  const type = types.get(filter.feature);
  switch (filter.op) {
    case "is_null":
      return `(${target} IS NULL)`;
    case "is_not_null":
      return `(${target} IS NOT NULL)`;
    case "in":
    case "not_in":
      return `(${target} ${filter.op === "in" ? "IN" : "NOT IN"} (${filter.values.map((value) => literal(value, type)).join(", ")}))`;
    default:
      return `(${target} ${filter.op === "!=" ? "<>" : filter.op} ${literal(filter.value, type)})`;
  }
};
