import "server-only";
import { db } from "../db/client";
import { usageToday } from "@/lib/api/usage";
import { dayFlows } from "./flows";
import { measureStores } from "./measure";
import { DAY_MS, STORE_GAUGES, type TUsageFigure } from "./types";

// The usage aggregation (docs/usage.md): for each day of the range, the project's figures computed from what the
// system records, written in one transaction per day that first deletes what an earlier run wrote for that day, so a
// re-run gives the same rows and a failed or cancelled run leaves every day either as it was or complete. The store
// gauges (storage, online) can only be measured now: they are written for today, and kept as measured on past days.

/** Project-level metrics written even when zero, so that every computed day has a point on the charts. */
const ALWAYS = ["serving.requests", "serving.vectors", "training.datasets", "training.bytes"];

const daysBetween = (from: string, to: string) => {
  const days: string[] = [];
  for (let time = Date.parse(from); time <= Date.parse(to); time += DAY_MS)
    days.push(new Date(time).toISOString().slice(0, 10));
  return days;
};

const projectSums = ({ project, figures }: { project: { id: string; name: string }; figures: TUsageFigure[] }) =>
  STORE_GAUGES.map((metric) => ({
    subjectKind: "project" as const,
    subjectId: project.id,
    subjectName: project.name,
    metric,
    value: figures.filter((figure) => figure.metric === metric).reduce((sum, figure) => sum + figure.value, 0),
  }));

export type TUsageAggregation = { days: string[]; rows: number };

export const aggregateUsage = async ({
  projectId,
  from,
  to,
  now = new Date(),
  signal,
  onDay,
}: {
  projectId: string;
  /** First and last day (UTC, YYYY-MM-DD); days after today and before the project existed are skipped. */
  from: string;
  to: string;
  now?: Date;
  signal?: AbortSignal;
  onDay?: (done: { day: string; index: number; of: number }) => void;
}): Promise<TUsageAggregation> => {
  const project = await db.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { id: true, name: true, createdAt: true },
  });
  const today = usageToday(now.getTime());
  const first = usageToday(project.createdAt.getTime());
  const days = daysBetween(from, to).filter((day) => day <= today && day >= first);
  const gauges = days.includes(today) ? await measureStores({ projectId, signal }) : [];
  let rows = 0;
  for (const [index, day] of days.entries()) {
    signal?.throwIfAborted();
    const start = new Date(`${day}T00:00:00.000Z`);
    const end = new Date(start.getTime() + DAY_MS);
    const flows = await dayFlows({ projectId, day: { start, end, now } });
    const dayGauges = day === today ? [...gauges, ...projectSums({ project, figures: gauges })] : [];
    const figures = [...flows, ...dayGauges].map((figure) =>
      figure.subjectKind === "project" ? { ...figure, subjectName: project.name } : figure,
    );
    for (const metric of ALWAYS)
      if (!figures.some((figure) => figure.subjectKind === "project" && figure.metric === metric))
        figures.push({ subjectKind: "project", subjectId: project.id, subjectName: project.name, metric, value: 0 });
    const dayDate = new Date(`${day}T00:00:00.000Z`);
    await db.$transaction(async (tx) => {
      await tx.usageDaily.deleteMany({
        where: { day: dayDate, projectId, ...(day === today ? {} : { metric: { notIn: STORE_GAUGES } }) },
      });
      await tx.usageDaily.createMany({
        data: figures.map((figure) => ({ ...figure, day: dayDate, projectId, computedAt: now })),
      });
    });
    rows += figures.length;
    onDay?.({ day, index, of: days.length });
  }
  return { days, rows };
};
