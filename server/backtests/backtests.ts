import "server-only";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { InvalidInputError, NotFoundError, type TFieldIssue } from "../errors";
import { featureGroupWhere, featureViewWhere } from "../access-where";
import { isEventTimeType } from "../offline";
import { enqueueJob } from "../jobs";
import type { TFeatureViewPlan } from "../feature-views";
import type { TProjectAccess, TRequestContext } from "../principal";
import {
  ZCreateBacktestSchema,
  type TBacktest,
  type TBacktestSummary,
  type TCreateBacktest,
} from "@/lib/api/backtests";
import { showBacktestReport, type TStoredBacktestReport } from "@/lib/backtest-values";
import type { TBacktestPayload } from "../jobs/contracts";

// The backtests API (docs/backtesting.md): a request is checked whole — both versions, the window, the spine — and
// refused with 422 naming each field before anything is queued; the `backtest` job computes the report. Reports
// are read through showBacktestReport: values only with featureData:read.

const LISTED = 100;
type TKind = "featureGroup" | "featureView";
type TVersioned = { id: string; name: string; version: number; keys: string[]; eventTime: boolean; commits: boolean };

/** Every version of a name (feature group or view) the caller's project may write. */
const versionsOf = async (projectId: string, kind: TKind, name: string): Promise<TVersioned[]> => {
  if (kind === "featureGroup") {
    const groups = await db.featureGroup.findMany({
      where: { ...featureGroupWhere({ projectId, intent: "write" }), name },
      include: { features: true },
    });
    return groups.map((group) => {
      const eventTime = group.features.find((feature) => feature.name === group.eventTime);
      return {
        id: group.id,
        name: group.name,
        version: group.version,
        keys: group.primaryKey,
        eventTime: !!eventTime && isEventTimeType(eventTime.type),
        commits: group.deltaVersion >= 0,
      };
    });
  }
  const views = await db.featureView.findMany({ where: { ...featureViewWhere({ projectId, intent: "write" }), name } });
  return views.map((view) => {
    const plan = view.plan as unknown as TFeatureViewPlan;
    return {
      id: view.id,
      name: view.name,
      version: view.version,
      keys: plan.servingKeys.map((key) => key.name),
      eventTime: true,
      commits: true,
    };
  });
};

const NOUN: Record<TKind, string> = { featureGroup: "feature group", featureView: "feature view" };

export const createBacktest = async ({
  ctx,
  access,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  input: TCreateBacktest;
}) => {
  const spec = ZCreateBacktestSchema.parse(input);
  const projectId = access.project.id;
  const kind: TKind = "featureGroup" in spec.target ? "featureGroup" : "featureView";
  const target = "featureGroup" in spec.target ? spec.target.featureGroup : spec.target.featureView;
  const noun = NOUN[kind];
  const issues: TFieldIssue[] = [];
  const versions = await versionsOf(projectId, kind, target.name);
  const listed = versions
    .map((version) => version.version)
    .sort((a, b) => a - b)
    .join(", ");
  const candidate = versions.find((version) => version.version === target.version);
  if (versions.length === 0)
    issues.push({ path: `target.${kind}.name`, message: `there is no ${noun} '${target.name}'` });
  else if (!candidate)
    issues.push({
      path: `target.${kind}.version`,
      message: `'${target.name}' has no version ${target.version} (it has ${listed})`,
    });
  else if (!candidate.commits) issues.push({ path: `target.${kind}.version`, message: "has no commits yet" });
  const baselineName = spec.baseline.name ?? target.name;
  const baseline = versions.find((version) => version.version === spec.baseline.version);
  if (baselineName !== target.name)
    issues.push({
      path: "baseline.name",
      message: `must be a version of ${noun} '${target.name}': a backtest compares two versions of one ${noun}`,
    });
  else if (spec.baseline.version === target.version)
    issues.push({ path: "baseline.version", message: "must differ from the new version" });
  else if (versions.length > 0 && !baseline)
    issues.push({
      path: "baseline.version",
      message: `'${target.name}' has no version ${spec.baseline.version} (it has ${listed})`,
    });
  else if (baseline && !baseline.commits) issues.push({ path: "baseline.version", message: "has no commits yet" });

  let spine: { id: string; eventTime: string } | null = null;
  if (spec.window.kind === "timeRange") {
    const without = [candidate, baseline].filter((version) => version && !version.eventTime);
    if (without.length)
      issues.push({
        path: "window",
        message: `a time range needs an event time: ${without.map((version) => `v${version!.version}`).join(" and ")} has none (use a spine)`,
      });
  } else {
    const { name, version } = spec.window.featureGroup;
    const group = await db.featureGroup.findFirst({
      where: { ...featureGroupWhere({ projectId, intent: "read" }), name, version },
      include: { features: true },
    });
    if (!group)
      issues.push({ path: "window.featureGroup", message: `there is no feature group '${name}' version ${version}` });
    else {
      const eventTime = spec.window.eventTime ?? group.eventTime;
      const column = group.features.find((feature) => feature.name === eventTime);
      if (!column || !isEventTimeType(column.type))
        issues.push({
          path: "window.eventTime",
          message: eventTime
            ? `'${eventTime}' is not an event-time column of ${name} v${version}`
            : `${name} v${version} has no event time: name one`,
        });
      const columns = new Set(group.features.map((feature) => feature.name));
      const missing = [...new Set([...(candidate?.keys ?? []), ...(baseline?.keys ?? [])])].filter(
        (key) => !columns.has(key),
      );
      if (missing.length)
        issues.push({
          path: "window.featureGroup",
          message: `the spine lacks the key column(s) ${missing.join(", ")}`,
        });
      if (group.deltaVersion < 0) issues.push({ path: "window.featureGroup", message: "the spine has no commits yet" });
      if (column) spine = { id: group.id, eventTime: column.name };
    }
  }
  if (issues.length) throw new InvalidInputError("The backtest cannot run as asked", issues);

  const payload: TBacktestPayload = {
    ...(kind === "featureGroup"
      ? { featureGroupId: candidate!.id, baselineFeatureGroupId: baseline!.id }
      : { featureViewId: candidate!.id, baselineFeatureViewId: baseline!.id }),
    ...(spec.window.kind === "timeRange"
      ? { start: spec.window.start, end: spec.window.end }
      : { spineFeatureGroupId: spine!.id, spineEventTime: spine!.eventTime }),
    thresholds: spec.thresholds ?? {},
  };
  const job = await enqueueJob({
    ctx,
    access,
    type: "backtest",
    payload,
    featureGroupId: kind === "featureGroup" ? candidate!.id : null,
  });
  return { job };
};

const INCLUDE = {
  featureGroup: { select: { name: true, version: true } },
  featureView: { select: { name: true, version: true } },
} as const;
type TRow = Prisma.BacktestGetPayload<{ include: typeof INCLUDE }>;

const toSummary = (row: TRow, emails: Map<string, string>): TBacktestSummary => {
  const report = row.report as unknown as TStoredBacktestReport;
  const target = (row.featureGroup ?? row.featureView)!;
  return {
    id: row.id,
    jobId: row.jobId,
    target: { kind: row.featureGroup ? "featureGroup" : "featureView", name: target.name, version: target.version },
    baseline: { name: target.name, version: row.baselineVersion },
    window: row.window as TBacktestSummary["window"],
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdById ? (emails.get(row.createdById) ?? null) : null,
    rows: { baseline: report.baseline.rows, candidate: report.candidate.rows },
    keysOnlyInBaseline: report.keys?.onlyInBaseline ?? null,
    keysOnlyInCandidate: report.keys?.onlyInCandidate ?? null,
    breaches: report.breaches,
    validation: {
      baseline: report.baseline.validation?.outcome ?? null,
      candidate: report.candidate.validation?.outcome ?? null,
    },
  };
};

const emailsOf = async (rows: TRow[]) => {
  const ids = [...new Set(rows.flatMap((row) => (row.createdById ? [row.createdById] : [])))];
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  return new Map(users.map((user) => [user.id, user.email]));
};

/** Reports of the project's own versions whose job succeeded (a report exists only then; the demo's has no job). */
const visibleWhere = (projectId: string): Prisma.BacktestWhereInput => ({
  projectId,
  OR: [{ jobId: null }, { job: { status: "SUCCEEDED" } }],
});

export const findBacktests = async ({
  access,
  featureGroup,
  featureView,
  version,
}: {
  access: TProjectAccess;
  featureGroup?: string;
  featureView?: string;
  version?: number;
}): Promise<{ backtests: TBacktestSummary[] }> => {
  const projectId = access.project.id;
  const rows = await db.backtest.findMany({
    where: {
      ...visibleWhere(projectId),
      ...(featureGroup
        ? {
            featureGroup: {
              ...featureGroupWhere({ projectId, intent: "read" }),
              name: featureGroup,
              ...(version ? { version } : {}),
            },
          }
        : {}),
      ...(featureView
        ? {
            featureView: {
              ...featureViewWhere({ projectId, intent: "read" }),
              name: featureView,
              ...(version ? { version } : {}),
            },
          }
        : {}),
    },
    include: INCLUDE,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: LISTED,
  });
  const emails = await emailsOf(rows);
  return { backtests: rows.map((row) => toSummary(row, emails)) };
};

export const getBacktest = async ({
  access,
  backtestId,
}: {
  access: TProjectAccess;
  backtestId: string;
}): Promise<TBacktest> => {
  const row = await db.backtest.findFirst({
    where: { ...visibleWhere(access.project.id), id: backtestId },
    include: INCLUDE,
  });
  if (!row) throw new NotFoundError(`Backtest '${backtestId}' not found`);
  const [summary] = [toSummary(row, await emailsOf([row]))];
  return { ...summary, report: showBacktestReport(row.report as unknown as TStoredBacktestReport, access.scopes) };
};
