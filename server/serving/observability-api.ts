import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import type { TServedVectors, TServingMetrics } from "@/lib/api/serving-observability";
import { hasScope } from "@/lib/scopes";
import { db } from "../db/client";
import { featureViewWhere } from "../access-where";
import { getEnv } from "../env";
import { foundVersion } from "../errors";
import type { TProjectAccess, TVersionAction, TVersionRead } from "../principal";
import { recordAuditEvent, withAuditEvent } from "../audit/record";
import type { TFeatureViewPlan } from "../feature-views";
import { readRows } from "../offline";
import { addLatencyBuckets, emptyLatencyBuckets, latencyQuantile } from "./latency";
import { SERVED_AT_COLUMN, servedVectorColumns, servedVectorTablePath } from "./served-vector-table";

// The serving observability API of a feature view (docs/serving-observability.md): its per-minute serving metrics,
// and its served-vector logging (rate, table, most recent vectors).

const DEFAULT_WINDOW_MS = 60 * 60_000;
const PREVIEW_DUCKDB = { memoryLimit: "256MB", threads: 1 };

const findView = async ({ access, name, version, intent }: TVersionRead & { intent: "read" | "write" }) =>
  foundVersion(
    await db.featureView.findFirst({
      where: { ...featureViewWhere({ projectId: access.project.id, intent }), name, version },
      select: { id: true, name: true, version: true, plan: true, servedVectorLogRate: true },
    }),
    "Feature view",
    { name, version },
  );

type TCounts = {
  requests: number;
  vectors: number;
  errors: number;
  clientErrors: number;
  latencyBuckets: number[];
};

const emptyCounts = (): TCounts => ({
  requests: 0,
  vectors: 0,
  errors: 0,
  clientErrors: 0,
  latencyBuckets: emptyLatencyBuckets(),
});

const showCounts = ({ latencyBuckets, ...counts }: TCounts) => ({
  ...counts,
  p50Ms: latencyQuantile(latencyBuckets, 0.5),
  p99Ms: latencyQuantile(latencyBuckets, 0.99),
});

type TGroupCounts = { name: string; version: number; missing: number; expired: number };

export const getServingMetrics = async ({
  access,
  name,
  version,
  from,
  to,
}: TVersionRead & { from?: string; to?: string }): Promise<TServingMetrics> => {
  const view = await findView({ access, name, version, intent: "read" });
  const end = to ? new Date(to) : new Date();
  const start = from ? new Date(from) : new Date(end.getTime() - DEFAULT_WINDOW_MS);
  const rows = await db.servingMetricMinute.findMany({
    where: { featureViewId: view.id, minute: { gte: start, lt: end } },
    orderBy: { minute: "asc" },
  });
  // Several processes (and several flushes of one) write rows of the same minute: summed here.
  const totals = emptyCounts();
  const byMinute = new Map<number, { counts: TCounts; groups: TGroupCounts[] }>();
  const groupTotals = new Map<string, TGroupCounts>();
  for (const row of rows) {
    const minute = row.minute.getTime();
    let entry = byMinute.get(minute);
    if (!entry) byMinute.set(minute, (entry = { counts: emptyCounts(), groups: [] }));
    for (const target of [entry.counts, totals]) {
      target.requests += row.requests;
      target.vectors += row.vectors;
      target.errors += row.errors;
      target.clientErrors += row.clientErrors;
      addLatencyBuckets(target.latencyBuckets, row.latencyBuckets);
    }
    for (const group of row.groups as TGroupCounts[]) {
      const key = `${group.name}\n${group.version}`;
      const inMinute = entry.groups.find((candidate) => `${candidate.name}\n${candidate.version}` === key);
      if (inMinute) {
        inMinute.missing += group.missing;
        inMinute.expired += group.expired;
      } else entry.groups.push({ ...group });
      const total = groupTotals.get(key) ?? { name: group.name, version: group.version, missing: 0, expired: 0 };
      total.missing += group.missing;
      total.expired += group.expired;
      groupTotals.set(key, total);
    }
  }
  const minutes = [...byMinute.entries()].map(([minute, entry]) => ({
    minute: new Date(minute).toISOString(),
    ...showCounts(entry.counts),
  }));
  const groups = [...groupTotals.values()].map((total) => ({
    ...total,
    points: [...byMinute.entries()].map(([minute, entry]) => {
      const group = entry.groups.find(
        (candidate) => candidate.name === total.name && candidate.version === total.version,
      );
      const vectors = entry.counts.vectors;
      return {
        minute: new Date(minute).toISOString(),
        missingRate: vectors && group ? group.missing / vectors : null,
        expiredRate: vectors && group ? group.expired / vectors : null,
      };
    }),
  }));
  return {
    from: start.toISOString(),
    to: end.toISOString(),
    retentionHours: getEnv().LARDER_SERVING_METRICS_RETENTION_HOURS,
    totals: showCounts(totals),
    minutes,
    groups,
  };
};

const canReadValues = (access: TProjectAccess) => hasScope({ scopes: access.scopes, required: "featureData:read" });

export const getServedVectors = async ({
  ctx,
  access,
  name,
  version,
  limit,
}: TVersionAction & { limit: number }): Promise<TServedVectors> => {
  const view = await findView({ access, name, version, intent: "read" });
  const columns = servedVectorColumns(view.plan as unknown as TFeatureViewPlan);
  const tablePath = servedVectorTablePath({ projectId: access.project.id, featureViewId: view.id });
  const pendingRows = await db.servedVectorLog.count({ where: { featureViewId: view.id } });
  const base = { rate: view.servedVectorLogRate, pendingRows, columns };
  const mayRead = canReadValues(access);
  if (!existsSync(path.join(tablePath, "_delta_log"))) return { ...base, loggedRows: 0, rows: mayRead ? [] : null };
  const result = await readRows({
    tablePath,
    limit: mayRead ? limit : 1,
    orderBy: [SERVED_AT_COLUMN],
    descending: true,
    duckdb: PREVIEW_DUCKDB,
  });
  // Without featureData:read (an Auditor): how many vectors were logged, never their values.
  if (!mayRead) return { ...base, loggedRows: result.rowCount, rows: null };
  await recordAuditEvent({
    ctx,
    project: access.project,
    action: "featureData.read",
    resourceType: "featureView",
    resourceId: view.id,
    resourceName: `${view.name} v${view.version}`,
    details: { name: view.name, version: view.version, via: "served-vectors", rows: result.rows.length },
  });
  return { ...base, loggedRows: result.rowCount, rows: result.rows };
};

export const updateServedVectorLogging = async ({
  ctx,
  access,
  name,
  version,
  rate,
}: TVersionAction & { rate: number }) => {
  const view = await findView({ access, name, version, intent: "write" });
  await withAuditEvent(
    (tx) => tx.featureView.update({ where: { id: view.id }, data: { servedVectorLogRate: rate } }),
    () => ({
      ctx,
      project: access.project,
      action: "featureView.update",
      resourceType: "featureView",
      resourceId: view.id,
      resourceName: `${view.name} v${view.version}`,
      details: { servedVectorLogRate: { from: view.servedVectorLogRate, to: rate } },
    }),
  );
  return { rate };
};
