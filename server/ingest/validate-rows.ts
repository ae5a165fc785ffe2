import "server-only";
import type { TFieldIssue } from "../errors";
import type { TFeatureType } from "@/lib/api/feature-groups";

// How many offending cells an error lists: enough to see the pattern, short enough to read.
const MAX_REPORTED_ISSUES = 20;
// Two's-complement bounds of the int (32-bit) and bigint (64-bit) columns, both ends included.
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const BIGINT_MIN = -(2n ** 63n);
const BIGINT_MAX = 2n ** 63n - 1n;

/** JSON carries a bigint as a number up to 2^53 (beyond, doubles lose digits) or as a decimal string. */
const isBigintValue = (value: unknown): boolean => {
  if (typeof value === "number") return Number.isSafeInteger(value);
  if (typeof value !== "string" || !/^-?\d{1,19}$/.test(value)) return false;
  const parsed = BigInt(value);
  return parsed >= BIGINT_MIN && parsed <= BIGINT_MAX;
};

type TFeatureSpec = { name: string; type: TFeatureType };

const isValidTimestamp = (value: unknown): boolean =>
  (typeof value === "string" &&
    /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) &&
    !Number.isNaN(Date.parse(value.replace(" ", "T")))) ||
  (typeof value === "number" && Number.isFinite(value));

const checkValue = (type: TFeatureType, value: unknown): string | null => {
  switch (type) {
    case "int":
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX
        ? null
        : `must be a 32-bit integer (${INT_MIN} to ${INT_MAX})`;
    case "bigint":
      return isBigintValue(value)
        ? null
        : `must be a 64-bit integer (${BIGINT_MIN} to ${BIGINT_MAX}; as a decimal string beyond 2^53)`;
    case "float":
    case "double":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a number";
    case "string":
      return typeof value === "string" ? null : "must be a string";
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : "must be a date (YYYY-MM-DD)";
    case "timestamp":
      return isValidTimestamp(value) ? null : "must be an ISO 8601 timestamp";
    case "array<float>":
      return Array.isArray(value) &&
        value.every((item) => item === null || (typeof item === "number" && Number.isFinite(item)))
        ? null
        : "must be an array of numbers";
  }
};

/**
 * Checks JSON rows against a feature group's schema before anything is staged: unknown columns, missing or
 * null primary-key/event-time values, and values of the wrong type. Issues name `rows.<index>.<column>`.
 */
export const validateJsonRows = ({
  rows,
  features,
  requiredColumns,
}: {
  rows: Record<string, unknown>[];
  features: TFeatureSpec[];
  requiredColumns: string[];
}): TFieldIssue[] => {
  const byName = new Map(features.map((feature) => [feature.name, feature]));
  const issues: TFieldIssue[] = [];
  const push = (issue: TFieldIssue) => issues.length < MAX_REPORTED_ISSUES && issues.push(issue);
  rows.forEach((row, index) => {
    if (!row || typeof row !== "object" || Array.isArray(row))
      return push({ path: `rows.${index}`, message: "must be an object of feature values" });
    for (const column of Object.keys(row)) {
      if (!byName.has(column))
        push({ path: `rows.${index}.${column}`, message: `unknown column '${column}': not a feature of this group` });
    }
    for (const column of requiredColumns) {
      if (row[column] === null || row[column] === undefined)
        push({
          path: `rows.${index}.${column}`,
          message: `'${column}' is required (primary key or event time) and must not be null`,
        });
    }
    for (const [column, value] of Object.entries(row)) {
      const feature = byName.get(column);
      if (!feature || value === null || value === undefined) continue;
      const problem = checkValue(feature.type, value);
      if (problem)
        push({ path: `rows.${index}.${column}`, message: `${problem} (got ${JSON.stringify(value)?.slice(0, 60)})` });
    }
  });
  return issues;
};
