import "server-only";

/** One figure before it is written: a UsageDaily row without its day and project. */
export type TUsageFigure = {
  subjectKind: "project" | "featureGroup" | "featureView";
  subjectId: string;
  subjectName: string;
  metric: string;
  value: number;
};

/** Gauges are measured when the job runs (today's row only); every other metric is a total over the day. */
export const GAUGE_METRICS = new Set([
  "storage.liveBytes",
  "storage.historyBytes",
  "online.keys",
  "online.bytes",
  "shares.out",
  "shares.in",
]);
/** Gauges that need the stores (files, Redis or PostgreSQL): only measured for today; shares are read for any day. */
export const STORE_GAUGES = ["storage.liveBytes", "storage.historyBytes", "online.keys", "online.bytes"];

export const DAY_MS = 86_400_000;
