import type { TSuite, TRuleType, TValidationReport, TValidationRule, TValidationRuleInput } from "@/lib/api/validation";
import type { TJob } from "@/lib/api/jobs";
import { apiFetch, projectPath, type TVersionRef } from "./api";

// Typed calls to the data-validation API, their react-query keys, and how the console names rules.

export const validationKeys = {
  all: (project: string, name: string, version: number) =>
    ["projects", project, "feature-groups", name, version, "validation"] as const,
  suite: (project: string, name: string, version: number) =>
    ["projects", project, "feature-groups", name, version, "validation", "suite"] as const,
  reports: (project: string, name: string, version: number, filter: { jobId?: string } = {}) =>
    ["projects", project, "feature-groups", name, version, "validation", "reports", filter] as const,
};

const validationPath = ({ project, name, version }: TVersionRef, rest: string) =>
  projectPath(project, `/feature-groups/${encodeURIComponent(name)}/${version}/validation${rest}`);

/** The group's suite, or null when it has none. */
export const fetchSuite = async (ref: TVersionRef): Promise<TSuite | null> => {
  try {
    return await apiFetch<TSuite>(validationPath(ref, "/suite"));
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
};
export const saveSuite = (ref: TVersionRef, body: { policy: string; rules: TValidationRuleInput[] }) =>
  apiFetch<TSuite>(validationPath(ref, "/suite"), { method: "PUT", json: body });
export const fetchReports = (ref: TVersionRef, filter: { jobId?: string } = {}) =>
  apiFetch<{ reports: TValidationReport[] }>(
    validationPath(ref, `/reports${filter.jobId ? `?jobId=${encodeURIComponent(filter.jobId)}` : ""}`),
  );
/** Queues the validation job (202); the report is the job's result (`result.reportId`) once it SUCCEEDED. */
export const runSuite = (ref: TVersionRef, commitVersion: number | undefined) =>
  apiFetch<{ job: TJob }>(validationPath(ref, "/runs"), { method: "POST", json: { commitVersion } });

export const RULE_LABELS: Record<TRuleType, string> = {
  not_null: "Not null",
  between: "Between",
  in_set: "In set",
  not_in_set: "Not in set",
  unique: "Unique",
  matches_regex: "Matches regex",
  string_length_between: "String length between",
  mean_between: "Mean between",
  std_between: "Standard deviation between",
  null_fraction_between: "Null fraction between",
  row_count_between: "Row count between",
  freshness: "Fresh (event time not older than)",
};

type TRange = { min?: number | null; max?: number | null; minInclusive?: boolean; maxInclusive?: boolean };
const rangeText = (rule: TRange) => {
  const parts = [
    rule.min !== undefined && rule.min !== null ? `${rule.minInclusive === false ? ">" : "≥"} ${rule.min}` : null,
    rule.max !== undefined && rule.max !== null ? `${rule.maxInclusive === false ? "<" : "≤"} ${rule.max}` : null,
  ];
  return parts.filter(Boolean).join(" and ");
};

/** A rule in one line: "amount: between ≥ 0 and ≤ 1000". */
export const describeRule = (rule: TValidationRule): string => {
  const subject = "feature" in rule ? `${rule.feature}: ` : "";
  const label = RULE_LABELS[rule.type].toLowerCase();
  switch (rule.type) {
    case "in_set":
    case "not_in_set":
      return `${subject}${label} {${rule.values.map((value) => JSON.stringify(value)).join(", ")}}`;
    case "unique":
      return `${subject}unique within ${rule.scope === "table" ? "the rows visible after the write" : "the load"}`;
    case "matches_regex":
      return `${subject}matches /${rule.pattern}/`;
    case "freshness":
      return `${subject}not older than ${rule.maxAgeSeconds} s`;
    case "not_null":
      return `${subject}not null`;
    default:
      return `${subject}${label} ${rangeText(rule)}`;
  }
};

/** The link to a report on its feature group's Validation tab. */
export const validationReportHref = (project: string, name: string, version: number, reportId: string) =>
  `/projects/${encodeURIComponent(project)}/feature-groups/${encodeURIComponent(name)}/${version}?tab=validation&report=${encodeURIComponent(reportId)}`;
