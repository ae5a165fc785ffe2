import "server-only";
import { featureViewWhere, trainingDatasetWhere } from "../access-where";
import { db } from "../db/client";
import { JOB_SECONDS_PREFIX } from "@/lib/api/usage";
import type { TUsageFigure } from "./types";

// The day's totals of one project from what the registry records: job compute seconds by type (each job's
// startedAt–finishedAt, cut to the day), training datasets written (finished that day), feature-server requests and
// vectors (the serving metrics' minutes), and the shares in force at the end of the day.

type TDay = { start: Date; end: Date; now: Date };

const add = (figures: Map<string, TUsageFigure>, figure: TUsageFigure) => {
  const key = `${figure.subjectKind}\u0000${figure.subjectId}\u0000${figure.metric}`;
  const seen = figures.get(key);
  if (seen) seen.value += figure.value;
  else figures.set(key, { ...figure });
};

const jobFigures = async ({ projectId, day }: { projectId: string; day: TDay }) => {
  const jobs = await db.job.findMany({
    where: {
      projectId,
      startedAt: { lt: day.end },
      OR: [{ finishedAt: { gte: day.start } }, { finishedAt: null, status: "RUNNING" }],
    },
    select: {
      type: true,
      startedAt: true,
      finishedAt: true,
      featureGroup: { select: { id: true, name: true, version: true } },
    },
  });
  const figures = new Map<string, TUsageFigure>();
  for (const job of jobs) {
    if (!job.startedAt) continue;
    // A running job counts up to now; every job only within the day.
    const until = Math.min((job.finishedAt ?? day.now).getTime(), day.end.getTime(), day.now.getTime());
    const seconds = (until - Math.max(job.startedAt.getTime(), day.start.getTime())) / 1000;
    if (seconds <= 0) continue;
    const metric = `${JOB_SECONDS_PREFIX}${job.type}`;
    add(figures, { subjectKind: "project", subjectId: projectId, subjectName: "", metric, value: seconds });
    if (job.featureGroup) {
      const { id, name, version } = job.featureGroup;
      add(figures, {
        subjectKind: "featureGroup",
        subjectId: id,
        subjectName: `${name} v${version}`,
        metric,
        value: seconds,
      });
    }
  }
  return [...figures.values()];
};

const trainingFigures = async ({ projectId, day }: { projectId: string; day: TDay }) => {
  const datasets = await db.trainingDataset.findMany({
    // Usage is of the project's own items (intent write: never another project's shared ones).
    where: {
      ...trainingDatasetWhere({ projectId, intent: "write" }),
      finishedAt: { gte: day.start, lt: day.end },
      status: { not: "FAILED" },
    },
    select: {
      featureViewId: true,
      featureViewName: true,
      featureViewVersion: true,
      splits: { select: { sizeBytes: true } },
    },
  });
  const figures = new Map<string, TUsageFigure>();
  for (const dataset of datasets) {
    const bytes = dataset.splits.reduce((sum, split) => sum + Number(split.sizeBytes), 0);
    const subjects: Omit<TUsageFigure, "metric" | "value">[] = [
      { subjectKind: "project", subjectId: projectId, subjectName: "" },
    ];
    if (dataset.featureViewId)
      subjects.push({
        subjectKind: "featureView",
        subjectId: dataset.featureViewId,
        subjectName: `${dataset.featureViewName} v${dataset.featureViewVersion}`,
      });
    for (const subject of subjects) {
      add(figures, { ...subject, metric: "training.datasets", value: 1 });
      add(figures, { ...subject, metric: "training.bytes", value: bytes });
    }
  }
  return [...figures.values()];
};

const servingFigures = async ({ projectId, day }: { projectId: string; day: TDay }) => {
  const sums = await db.servingMetricMinute.groupBy({
    by: ["featureViewId"],
    where: { minute: { gte: day.start, lt: day.end }, featureView: { projectId } },
    _sum: { requests: true, vectors: true },
  });
  if (sums.length === 0) return [];
  const views = await db.featureView.findMany({
    where: { ...featureViewWhere({ projectId, intent: "write" }), id: { in: sums.map((sum) => sum.featureViewId) } },
    select: { id: true, name: true, version: true },
  });
  const names = new Map(views.map((view) => [view.id, `${view.name} v${view.version}`]));
  const figures = new Map<string, TUsageFigure>();
  for (const sum of sums) {
    const view = {
      subjectKind: "featureView" as const,
      subjectId: sum.featureViewId,
      subjectName: names.get(sum.featureViewId) ?? "",
    };
    const project = { subjectKind: "project" as const, subjectId: projectId, subjectName: "" };
    for (const subject of [project, view]) {
      add(figures, { ...subject, metric: "serving.requests", value: sum._sum.requests ?? 0 });
      add(figures, { ...subject, metric: "serving.vectors", value: sum._sum.vectors ?? 0 });
    }
  }
  return [...figures.values()];
};

/** Shares accepted before the day's end and not revoked by then: in force at the end of the day. */
const shareFigures = async ({ projectId, day }: { projectId: string; day: TDay }) => {
  const inForce = {
    decidedAt: { lt: day.end },
    status: { in: ["ACCEPTED", "REVOKED"] },
    OR: [{ revokedAt: null }, { revokedAt: { gte: day.end } }],
  };
  const [out, incoming] = await Promise.all([
    db.share.count({ where: { homeProjectId: projectId, ...inForce } }),
    db.share.count({ where: { receiverProjectId: projectId, ...inForce } }),
  ]);
  const project = { subjectKind: "project" as const, subjectId: projectId, subjectName: "" };
  return [
    { ...project, metric: "shares.out", value: out },
    { ...project, metric: "shares.in", value: incoming },
  ];
};

export const dayFlows = async ({ projectId, day }: { projectId: string; day: TDay }): Promise<TUsageFigure[]> => [
  ...(await jobFigures({ projectId, day })),
  ...(await trainingFigures({ projectId, day })),
  ...(await servingFigures({ projectId, day })),
  ...(await shareFigures({ projectId, day })),
];
