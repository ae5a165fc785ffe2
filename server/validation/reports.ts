import "server-only";
import type { z } from "zod";
import { db } from "../db/client";
import { newId } from "../ids";
import { NotFoundError } from "../errors";
import { getFeatureGroupRow } from "../registry/feature-groups";
import type { TVersionRead } from "../principal";
import { showRuleResult } from "@/lib/validation-values";
import type {
  TRuleResult,
  TValidationPolicy,
  TValidationReport,
  TValidationRule,
  ZReportListQuerySchema,
} from "@/lib/api/validation";
import type { TEvaluation, TStoredRuleResult } from "./evaluate";

// Validation reports: written by every run (ingest or on demand), read through the feature group's Validation
// tab, its ingest jobs and its commits. Failing rows are stored as they were and redacted when read: without
// `featureData:read` a reader sees counts and pass/fail, never a value (nor a mean or deviation, which are
// aggregates of values, as the statistics' roles say).

type TOutcome = TValidationReport["outcome"];

const REPORTS_LISTED = 50;

export const outcomeOf = (results: TStoredRuleResult[]): TOutcome => {
  const failed = results.filter((result) => !result.success);
  if (failed.some((result) => result.rule.severity === "error")) return "FAILED";
  return failed.length ? "WARNINGS" : "PASSED";
};

const describeRule = (rule: TValidationRule, index: number) =>
  `rule ${index + 1} ${rule.type}${"feature" in rule ? `(${rule.feature})` : ""}`;

/** The failed error rules and their failing-row counts, never a value: a job error an Auditor may read. */
export const describeFailures = (results: TStoredRuleResult[]): string =>
  results
    .flatMap((result, index) =>
      result.success || result.rule.severity !== "error"
        ? []
        : [
            `${describeRule(result.rule, index)}${result.failingRows ? `: ${result.failingRows} failing row${result.failingRows === 1 ? "" : "s"}` : ""}`,
          ],
    )
    .join("; ");

export const saveReport = async ({
  client = db,
  featureGroupId,
  trigger,
  policy,
  evaluation,
  written,
  jobId,
  deltaVersion,
  userId,
}: {
  /** The caller's transaction, if any. */
  client?: Pick<typeof db, "validationReport">;
  featureGroupId: string;
  trigger: TValidationReport["trigger"];
  policy: TValidationPolicy;
  evaluation: TEvaluation;
  written: boolean | null;
  jobId: string | null;
  deltaVersion: number | null;
  userId: string | null;
}) =>
  client.validationReport.create({
    data: {
      id: newId("vr"),
      featureGroupId,
      trigger,
      policy,
      outcome: outcomeOf(evaluation.results),
      written,
      jobId,
      deltaVersion,
      rowCount: evaluation.rowCount,
      results: evaluation.results,
      createdById: userId,
    },
  });

type TReportRow = Awaited<ReturnType<typeof saveReport>>;

const toReportView = (row: TReportRow, scopes: readonly string[], emails: Map<string, string>): TValidationReport => {
  return {
    id: row.id,
    trigger: row.trigger as TValidationReport["trigger"],
    policy: row.policy as TValidationPolicy,
    outcome: row.outcome as TOutcome,
    written: row.written,
    jobId: row.jobId,
    commitVersion: row.deltaVersion,
    rowCount: Number(row.rowCount),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdById ? (emails.get(row.createdById) ?? null) : null,
    results: (row.results as TStoredRuleResult[]).map((result) => showRuleResult(result, scopes)),
  };
};

const reportViews = async (rows: TReportRow[], scopes: readonly string[]) => {
  const ids = [...new Set(rows.flatMap((row) => (row.createdById ? [row.createdById] : [])))];
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  const emails = new Map(users.map((user) => [user.id, user.email]));
  return rows.map((row) => toReportView(row, scopes, emails));
};

/** The group's reports, newest first (at most 50), optionally of one ingest job or about one commit. */
export const listReports = async ({
  access,
  name,
  version,
  query,
}: TVersionRead & { query: z.infer<typeof ZReportListQuerySchema> }): Promise<TValidationReport[]> => {
  const group = await getFeatureGroupRow({ access, intent: "read", name, version });
  const rows = await db.validationReport.findMany({
    where: {
      featureGroupId: group.id,
      ...(query.jobId !== undefined ? { jobId: query.jobId } : {}),
      ...(query.commitVersion !== undefined ? { deltaVersion: query.commitVersion } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: REPORTS_LISTED,
  });
  return reportViews(rows, access.scopes);
};

export const getReport = async ({
  access,
  name,
  version,
  reportId,
}: TVersionRead & { reportId: string }): Promise<TValidationReport> => {
  const group = await getFeatureGroupRow({ access, intent: "read", name, version });
  const row = await db.validationReport.findFirst({ where: { id: reportId, featureGroupId: group.id } });
  if (!row) throw new NotFoundError(`Validation report '${reportId}' not found`);
  const [view] = await reportViews([row], access.scopes);
  return view;
};
