import "server-only";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { newId } from "../ids";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere } from "../access-where";
import {
  eventTimeInstantSql,
  isEventTimeType,
  quoteIdent,
  quoteLiteral,
  readChanges,
  readTable,
  withDuckDb,
  type DuckDBConnection,
} from "../offline";
import { materializeBatchWindow, typedSourceSql } from "../feature-views";
import { SERVED_AT_COLUMN, servedVectorTablePath } from "../serving";
import { durationSeconds, type TMonitorSpec, type TRunFeature } from "@/lib/api/monitoring";
import { featureKindOf } from "./monitor-spec";
import { fixedValuesColumns, readWindowColumns, type TFeatureSpec, type TWindowColumns } from "./window-read";
import { compareFeature, FeatureKindChangedError } from "./compare-windows";
import { postAlert } from "./alerts";

// The monitor-run job's work (docs/monitoring.md): read the detection window and the reference, compute every
// asked metric per feature (metrics.ts), store the run — window bounds and rows, values, thresholds, both
// histograms — and post an alert when a threshold is crossed. A window of 0 rows is a run too: it says so.

const MONITOR_DUCKDB = { memoryLimit: "1GB", threads: 2 };

/** Input that will never run (the target vanished): the job fails without retries. */
export class MonitorInputError extends Error {}

type TWindowRead = TWindowColumns & { label: string; start: Date | null; end: Date | null };

const fixedValuesWindow = (values: Record<string, (number | string)[]>, features: TFeatureSpec[]): TWindowRead => ({
  label: "fixed values",
  start: null,
  end: null,
  ...fixedValuesColumns(values, features),
});

const iso = (date: Date) => date.toISOString();
const windowLabel = (start: Date, end: Date) => `${iso(start)} – ${iso(end)}`;

export const runMonitor = async ({
  projectId,
  monitorId,
  jobId,
  now = new Date(),
  signal,
}: {
  projectId: string;
  monitorId: string;
  jobId: string | null;
  now?: Date;
  signal?: AbortSignal;
}) => {
  if (jobId) {
    const done = await db.monitorRun.findUnique({ where: { jobId } });
    if (done) return { runId: done.id, rows: done.detectionRows, breaches: done.breaches };
  }
  const monitor = await db.monitor.findFirst({ where: { id: monitorId, projectId } });
  if (!monitor) throw new MonitorInputError("The monitor no longer exists");
  const spec = monitor.spec as unknown as TMonitorSpec;
  const scratch = await mkdtemp(path.join(os.tmpdir(), "larder-monitor-"));
  try {
    // Target: the relation of a group's latest snapshot, or the view's batch data (materialized per window).
    let features: TFeatureSpec[];
    let subject: string;
    let link: string;
    let windowRelation: (connection: DuckDBConnection, start: Date, end: Date) => Promise<string>;
    let commitsRelation:
      ((connection: DuckDBConnection, count: number) => Promise<{ sql: string; label: string }>) | null = null;
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
    if (monitor.featureGroupId) {
      const group = await db.featureGroup.findFirst({
        where: { ...featureGroupWhere({ projectId, intent: "write" }), id: monitor.featureGroupId },
        include: { features: true },
      });
      if (!group) throw new MonitorInputError("The feature group no longer exists");
      const types = new Map(group.features.map((feature) => [feature.name, feature.type]));
      features = spec.features.map((feature) => ({
        name: feature.name,
        kind: featureKindOf(types.get(feature.name) ?? "")!,
      }));
      if (features.some((feature) => !feature.kind))
        throw new MonitorInputError("A monitored feature no longer exists");
      subject = `featureGroup:${group.name}:${group.version}`;
      link = `/projects/${project.name}/feature-groups/${group.name}/${group.version}?tab=monitoring`;
      const eventTime = group.features.find((feature) => feature.name === group.eventTime);
      const latest = group.deltaVersion;
      windowRelation = async (connection, start, end) => {
        if (!eventTime || !isEventTimeType(eventTime.type))
          throw new MonitorInputError("The feature group has no event time");
        if (latest < 0)
          return `(SELECT ${features.map((f) => `NULL AS ${quoteIdent(f.name)}`).join(", ")} WHERE false)`;
        const instant = eventTimeInstantSql({ expression: quoteIdent(eventTime.name), type: eventTime.type });
        const at = (date: Date) => `CAST(${quoteLiteral(iso(date))} AS TIMESTAMPTZ)`;
        const where = `${instant} >= ${at(start)} AND ${instant} < ${at(end)}`;
        const table = await readTable({ tablePath: group.tablePath, asOf: { version: latest }, where, connection });
        return table.sql;
      };
      commitsRelation = async (connection, count) => {
        const from = Math.max(0, latest - count);
        if (latest <= 0)
          return {
            sql: `(SELECT ${features.map((f) => `NULL AS ${quoteIdent(f.name)}`).join(", ")} WHERE false)`,
            label: "no commits yet",
          };
        const changes = await readChanges({
          tablePath: group.tablePath,
          fromVersion: from,
          toVersion: latest,
          connection,
        });
        return {
          sql: `(SELECT * FROM ${changes.sql} AS c WHERE c._change_type IN ('insert', 'update_postimage'))`,
          label: `rows written by commits ${from + 1}–${latest}`,
        };
      };
    } else {
      const view = await db.featureView.findFirst({
        where: { ...featureViewWhere({ projectId, intent: "write" }), id: monitor.featureViewId! },
      });
      if (!view) throw new MonitorInputError("The feature view no longer exists");
      const plan = view.plan as unknown as { featureTypes: [string, string][] };
      const types = new Map(plan.featureTypes);
      features = spec.features.map((feature) => ({
        name: feature.name,
        kind: featureKindOf(types.get(feature.name) ?? "")!,
      }));
      subject = `featureView:${view.name}:${view.version}`;
      link = `/projects/${project.name}/feature-views/${view.name}/${view.version}#monitoring`;
      let counter = 0;
      // Served vectors (docs/serving-observability.md): the view's served-vector table, by when they were served.
      const servedTable = servedVectorTablePath({ projectId, featureViewId: view.id });
      if (spec.detection.kind === "servedVectors") {
        windowRelation = async (connection, start, end) => {
          if (!existsSync(path.join(servedTable, "_delta_log")))
            return `(SELECT ${features.map((f) => `NULL AS ${quoteIdent(f.name)}`).join(", ")} WHERE false)`;
          const at = (date: Date) => `CAST(${quoteLiteral(iso(date))} AS TIMESTAMPTZ)`;
          const served = quoteIdent(SERVED_AT_COLUMN);
          const table = await readTable({
            tablePath: servedTable,
            where: `${served} >= ${at(start)} AND ${served} < ${at(end)}`,
            connection,
          });
          return table.sql;
        };
      } else
        windowRelation = async (_connection, start, end) => {
          counter += 1;
          const file = await materializeBatchWindow({
            projectId,
            featureViewId: view.id,
            start: iso(start),
            end: iso(end),
            outDir: path.join(scratch, `window-${counter}`),
            signal,
          });
          return `read_parquet(${quoteLiteral(file.path)})`;
        };
    }

    const { detection, reference } = await withDuckDb(MONITOR_DUCKDB, async (connection) => {
      const readWindow = async (start: Date, end: Date): Promise<TWindowRead> => {
        const read = await readWindowColumns(connection, await windowRelation(connection, start, end), features);
        return { label: windowLabel(start, end), start, end, ...read };
      };
      let detectionRead: TWindowRead;
      let previous: { start: Date; end: Date } | null = null;
      if (spec.detection.kind === "rolling" || spec.detection.kind === "servedVectors") {
        const seconds = durationSeconds(spec.detection.duration);
        const start = new Date(now.getTime() - seconds * 1000);
        detectionRead = await readWindow(start, now);
        previous = { start: new Date(start.getTime() - seconds * 1000), end: start };
      } else {
        const commits = await commitsRelation!(connection, spec.detection.count);
        detectionRead = {
          label: commits.label,
          start: null,
          end: null,
          ...(await readWindowColumns(connection, commits.sql, features)),
        };
      }
      const ref = spec.reference;
      let referenceRead: TWindowRead;
      if (ref.kind === "fixedWindow") referenceRead = await readWindow(new Date(ref.start), new Date(ref.end));
      else if (ref.kind === "previousWindow") referenceRead = await readWindow(previous!.start, previous!.end);
      else if (ref.kind === "fixedValues") referenceRead = fixedValuesWindow(ref.values, features);
      else {
        const dataset = await db.trainingDataset.findFirst({
          where: { ...trainingDatasetWhere({ projectId, intent: "read" }), name: ref.name, version: ref.version },
          include: { splits: true },
        });
        const split = dataset?.splits.find((candidate) => candidate.name === ref.split);
        if (!dataset || dataset.status !== "READY" || !split)
          throw new MonitorInputError(
            `The training dataset ${ref.name} v${ref.version} (split ${ref.split}) is not available`,
          );
        const relation = typedSourceSql({
          path: split.path,
          format: dataset.format as "parquet" | "csv",
          columns: dataset.columns as { name: string; type: string }[],
        });
        referenceRead = {
          label: `${ref.name} v${ref.version}, ${ref.split} split`,
          start: null,
          end: null,
          ...(await readWindowColumns(connection, relation, features)),
        };
      }
      return { detection: detectionRead, reference: referenceRead };
    });

    const results: TRunFeature[] = [];
    for (const feature of spec.features) {
      try {
        results.push(compareFeature({ feature, detection, reference }));
      } catch (error) {
        if (error instanceof FeatureKindChangedError) throw new MonitorInputError(error.message);
        throw error;
      }
    }
    const breached = results.flatMap((feature) =>
      feature.metrics
        .filter((metric) => metric.breached)
        .map((metric) => `${feature.name}: ${metric.metric} above ${metric.threshold}`),
    );
    const runId = newId("mru");
    await db.$transaction(async (tx) => {
      await tx.monitorRun.create({
        data: {
          id: runId,
          monitorId,
          projectId,
          jobId,
          detectionStart: detection.start,
          detectionEnd: detection.end,
          detectionLabel: detection.label,
          detectionRows: detection.rows,
          referenceLabel: reference.label,
          referenceRows: reference.rows,
          results: results as unknown as Prisma.InputJsonValue,
          breaches: breached.length,
          computedAt: now,
        },
      });
      if (breached.length > 0)
        await postAlert({
          tx,
          projectId,
          kind: "monitoring.drift",
          severity: "warning",
          subject,
          message: `Monitor ${monitor.name}: ${breached.length} threshold${breached.length === 1 ? "" : "s"} crossed (${breached.join("; ")})`,
          link,
          details: { monitor: monitor.name, runId },
        });
    });
    return { runId, rows: detection.rows, breaches: breached.length };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
};
