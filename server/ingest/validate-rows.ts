import "server-only";
import type { TFieldIssue } from "../errors";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { checkJsonValue } from "./value-rules";

// How many offending cells an error lists: enough to see the pattern, short enough to read.
const MAX_REPORTED_ISSUES = 20;
type TFeatureSpec = { name: string; type: TFeatureType };

/**
 * Checks JSON rows against a feature group's schema before anything is staged: unknown columns, missing or
 * null primary-key/event-time values, values no store can hold (value-rules.ts), and '' in the partition column
 * (Delta reads an empty partition value as null). Issues name `rows.<index>.<column>`.
 */
export const validateJsonRows = ({
  rows,
  features,
  requiredColumns,
  partitionKey = null,
}: {
  rows: Record<string, unknown>[];
  features: TFeatureSpec[];
  requiredColumns: string[];
  partitionKey?: string | null;
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
      const problem = checkJsonValue(feature.type, value);
      if (!problem && column === partitionKey && value === "")
        push({
          path: `rows.${index}.${column}`,
          message: `must not be empty: it is the partition column, and Delta reads an empty partition value as null`,
        });
      if (problem)
        push({ path: `rows.${index}.${column}`, message: `${problem} (got ${JSON.stringify(value)?.slice(0, 60)})` });
    }
  });
  return issues;
};
