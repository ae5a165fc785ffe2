import "server-only";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { newId } from "../ids";
import { featureGroupWhere, featureViewWhere } from "../access-where";
import { quoteLiteral } from "../offline";
import type { TBacktestPayload } from "../jobs/contracts";
import { describeRows } from "../stats";
import { evaluateSuiteOverRows } from "../validation";
import type { TFeatureViewPlan } from "../feature-views";
import type { TStoredBacktestReport } from "@/lib/backtest-values";
import {
  computeSideRows,
  SPINE_TIME_COLUMN,
  type TBacktestGroup,
  type TBacktestView,
  type TBacktestWindowSpec,
  type TSideRows,
} from "./backtest-rows";
import { compareFeatures, diffRowsAndKeys } from "./compare-sides";

// The backtest job's work (docs/backtesting.md): compute both versions over the window, describe each (statistics,
// its own expectation suite), compare them (drift, rows and keys one lacks), and store the report — last, in one
// write that happens only while the job is this attempt's, RUNNING and not asked to cancel, so a FAILED or
// CANCELLED job leaves no report. A retry of a job whose report exists returns it (nothing is written twice).

/** Input that will never run (a version or the spine vanished): the job fails without retries. */
export class BacktestInputError extends Error {}

type TStep = (fraction: number, message: string) => void;
type TJobRef = { id: string; attempt: number; createdById: string | null };

const findGroup = async (projectId: string, id: string): Promise<TBacktestGroup> => {
  const group = await db.featureGroup.findFirst({
    where: { ...featureGroupWhere({ projectId, intent: "write" }), id },
    include: { features: { orderBy: { position: "asc" } } },
  });
  if (!group) throw new BacktestInputError("A feature group version of the backtest no longer exists");
  if (group.deltaVersion < 0) throw new BacktestInputError(`${group.name} v${group.version} has no commits`);
  return { ...group, features: group.features.map(({ name, type }) => ({ name, type })) };
};

const findView = async (projectId: string, id: string): Promise<TBacktestView> => {
  const view = await db.featureView.findFirst({ where: { ...featureViewWhere({ projectId, intent: "write" }), id } });
  if (!view) throw new BacktestInputError("A feature view version of the backtest no longer exists");
  const plan = view.plan as unknown as TFeatureViewPlan;
  return {
    id: view.id,
    name: view.name,
    version: view.version,
    servingKeys: plan.servingKeys.map((key) => key.name),
    featureTypes: plan.featureTypes.map(([name, type]) => ({ name, type })),
  };
};

const findWindow = async (projectId: string, payload: TBacktestPayload) => {
  if (!payload.spineFeatureGroupId) {
    const start = new Date(payload.start!);
    const end = new Date(payload.end!);
    const spec: TBacktestWindowSpec = { kind: "timeRange", start, end };
    return { spec, stored: { kind: "timeRange", start: start.toISOString(), end: end.toISOString() } };
  }
  const spine = await db.featureGroup.findFirst({
    where: { ...featureGroupWhere({ projectId, intent: "read" }), id: payload.spineFeatureGroupId },
    include: { features: true },
  });
  const eventTime = spine?.features.find((feature) => feature.name === (payload.spineEventTime ?? spine.eventTime));
  if (!spine || !eventTime || spine.deltaVersion < 0)
    throw new BacktestInputError("The spine feature group (or its event-time column) no longer exists");
  const spec: TBacktestWindowSpec = {
    kind: "spine",
    spine: {
      tablePath: spine.tablePath,
      deltaVersion: spine.deltaVersion,
      primaryKey: spine.primaryKey,
      eventTime: { name: eventTime.name, type: eventTime.type },
    },
  };
  return {
    spec,
    stored: { kind: "spine", featureGroup: { name: spine.name, version: spine.version }, eventTime: eventTime.name },
  };
};

/** The report's half about one version: its rows, keys, timing, statistics and its own suite's results. */
const describeSide = async ({
  side,
  rows,
  keys,
  group,
  now,
}: {
  side: { name: string; version: number };
  rows: TSideRows;
  keys: number | null;
  group: TBacktestGroup | null;
  now: Date;
}): Promise<TStoredBacktestReport["baseline"]> => {
  const relationSql = `read_parquet(${quoteLiteral(rows.file)})`;
  const statistics = await describeRows({ relationSql, features: rows.features });
  const evaluation = group ? await evaluateSuiteOverRows({ group, relationSql, now }) : null;
  return {
    name: side.name,
    version: side.version,
    rows: rows.rows,
    keys,
    seconds: Math.round(rows.seconds * 1000) / 1000,
    commit: rows.commit,
    statistics,
    validation: evaluation && {
      outcome: evaluation.outcome,
      rowCount: evaluation.rowCount,
      results: evaluation.results,
    },
  };
};

export const runBacktest = async ({
  projectId,
  payload,
  job,
  step = () => {},
  signal,
  now = new Date(),
  createdById = null,
}: {
  projectId: string;
  payload: TBacktestPayload;
  /** The job writing the report; null for the demo seed and direct calls (no liveness check). */
  job: TJobRef | null;
  step?: TStep;
  signal?: AbortSignal;
  now?: Date;
  /** Who asked, when there is no job (the demo seed: its owner). */
  createdById?: string | null;
}) => {
  if (job) {
    const done = await db.backtest.findUnique({ where: { jobId: job.id } });
    if (done) return { backtestId: done.id, alreadyRecorded: true as const };
  }
  const isGroup = payload.featureGroupId !== undefined;
  const [candidateGroup, baselineGroup] = isGroup
    ? [await findGroup(projectId, payload.featureGroupId!), await findGroup(projectId, payload.baselineFeatureGroupId!)]
    : [null, null];
  const [candidateView, baselineView] = isGroup
    ? [null, null]
    : [await findView(projectId, payload.featureViewId!), await findView(projectId, payload.baselineFeatureViewId!)];
  const candidate = (candidateGroup ?? candidateView)!;
  const baseline = (baselineGroup ?? baselineView)!;
  const window = await findWindow(projectId, payload);
  const scratch = await mkdtemp(path.join(os.tmpdir(), "larder-backtest-"));
  try {
    const sideOf = (group: TBacktestGroup | null, view: TBacktestView | null) =>
      group ? { kind: "featureGroup" as const, group } : { kind: "featureView" as const, view: view! };
    step(0.05, `computing ${baseline.name} v${baseline.version} over the window`);
    const baselineRows = await computeSideRows({
      projectId,
      side: sideOf(baselineGroup, baselineView),
      window: window.spec,
      dir: path.join(scratch, "baseline"),
      signal,
    });
    step(0.35, `computing ${candidate.name} v${candidate.version} over the window`);
    const candidateRows = await computeSideRows({
      projectId,
      side: sideOf(candidateGroup, candidateView),
      window: window.spec,
      dir: path.join(scratch, "candidate"),
      signal,
    });
    signal?.throwIfAborted();
    step(0.65, "comparing rows and keys");
    const diff = await diffRowsAndKeys({ baseline: baselineRows, candidate: candidateRows });
    signal?.throwIfAborted();
    step(0.72, "describing both versions and checking their suites");
    // The suite judges freshness at the window's end (a spine: now), as if the window were being written.
    const judgedAt = window.spec.kind === "timeRange" ? window.spec.end : now;
    const baselineSide = await describeSide({
      side: baseline,
      rows: baselineRows,
      keys: diff.baselineKeys,
      group: baselineGroup,
      now: judgedAt,
    });
    signal?.throwIfAborted();
    const candidateSide = await describeSide({
      side: candidate,
      rows: candidateRows,
      keys: diff.candidateKeys,
      group: candidateGroup,
      now: judgedAt,
    });
    signal?.throwIfAborted();
    step(0.85, "drift of the new version against the old");
    const features = await compareFeatures({
      baseline: baselineRows,
      candidate: candidateRows,
      keyColumns: [...diff.keyColumns, SPINE_TIME_COLUMN],
      thresholds: payload.thresholds ?? {},
    });
    signal?.throwIfAborted();
    const report: TStoredBacktestReport = {
      keyColumns: diff.keyColumns,
      baseline: baselineSide,
      candidate: candidateSide,
      rows: diff.rows,
      keys: diff.keys,
      features,
      breaches: features.reduce(
        (sum, feature) => sum + (feature.drift?.metrics.filter((metric) => metric.breached).length ?? 0),
        0,
      ),
    };
    step(0.95, "recording the report");
    const backtestId = newId("bt");
    const recorded = await db.$transaction(async (tx) => {
      if (job) {
        const live = await tx.job.updateMany({
          where: { id: job.id, attempts: job.attempt, status: "RUNNING", cancelRequestedAt: null },
          data: { status: "RUNNING" },
        });
        if (live.count === 0) return false;
      }
      await tx.backtest.create({
        data: {
          id: backtestId,
          projectId,
          featureGroupId: candidateGroup?.id ?? null,
          featureViewId: candidateView?.id ?? null,
          baselineVersion: baseline.version,
          window: window.stored as Prisma.InputJsonValue,
          report: report as unknown as Prisma.InputJsonValue,
          jobId: job?.id ?? null,
          createdById: job?.createdById ?? createdById,
        },
      });
      return true;
    });
    return {
      backtestId: recorded ? backtestId : null,
      alreadyRecorded: false as const,
      rows: { baseline: baselineRows.rows, candidate: candidateRows.rows },
      keysOnlyInBaseline: diff.keys?.onlyInBaseline ?? null,
      keysOnlyInCandidate: diff.keys?.onlyInCandidate ?? null,
      breaches: report.breaches,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
};
