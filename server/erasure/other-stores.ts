import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { findJobContract } from "../jobs/registry";
import {
  loadSnapshot,
  purgeHistory,
  queryJsonRows,
  quoteIdent,
  quoteLiteral,
  readTable,
  withDuckDb,
  writeCommit,
} from "../offline";
import { REQUEST_KEYS_COLUMN, servedVectorTablePath } from "../serving/served-vector-table";
import type { TGroupKeys } from "./scan";
import type { TStoreResult, TViewPlan } from "./steps";

// The places other than a group's own table where earlier capabilities keep values (docs/erasure.md): validation
// reports' failing rows, served-vector logs (staged rows and the view's own Delta table), monitoring results, job
// errors, logs and results. Each step is idempotent: a second pass finds nothing left to remove.

const ERASED = "[erased]";
// Marks around a feature value in job text (lib/feature-values.ts): a marked value that is an erased one goes.
const MARKED = /\uE000([^\uE001]*)(?:\uE001|$)/g;

const keySet = (keys: TGroupKeys) => new Set(keys.texts.map((texts) => JSON.stringify(texts)));

/** A JSON value as the canonical text a key compares with (bigint strings and numbers alike). */
const asText = (value: unknown): string | null =>
  value === null || value === undefined ? null : typeof value === "string" ? value : String(value);

/** Does this record (a failing row, a staged vector) hold one of the keys in its key columns? */
const recordHoldsKey = (record: Record<string, unknown>, keys: TGroupKeys, erased: Set<string>) => {
  const texts = keys.keyColumns.map((column) => asText(record[column]));
  return texts.every((text) => text !== null) && erased.has(JSON.stringify(texts));
};

/** Validation reports of the erased groups: failing-row samples holding a key are removed (counts stay). */
export const eraseValidationSamples = async ({
  groups,
}: {
  groups: { id: string; keys: TGroupKeys }[];
}): Promise<TStoreResult> => {
  let reports = 0;
  let samples = 0;
  for (const group of groups) {
    const erased = keySet(group.keys);
    const rows = await db.validationReport.findMany({ where: { featureGroupId: group.id } });
    for (const row of rows) {
      let removed = 0;
      const results = (row.results as { failingSamples?: Record<string, unknown>[] }[]).map((result) => {
        const kept = (result.failingSamples ?? []).filter((sample) => !recordHoldsKey(sample, group.keys, erased));
        removed += (result.failingSamples?.length ?? 0) - kept.length;
        return { ...result, failingSamples: kept };
      });
      if (removed === 0) continue;
      await db.validationReport.update({
        where: { id: row.id },
        data: { results: results as unknown as Prisma.InputJsonValue },
      });
      reports += 1;
      samples += removed;
    }
  }
  return { reportsChanged: reports, failingRowsRemoved: samples };
};

/** A logged vector's request keys (REQUEST_KEYS_COLUMN, JSON), as a record; null when it has none. */
const requestKeysOf = (values: Record<string, unknown>): Record<string, unknown> | null => {
  const text = values[REQUEST_KEYS_COLUMN];
  if (typeof text !== "string") return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** The distinct REQUEST_KEYS_COLUMN texts of the table's latest version that name one of the keys. */
const loggedRequestKeysHolding = async (tablePath: string, keys: TGroupKeys): Promise<string[]> => {
  const snapshot = await loadSnapshot({ tablePath });
  if (!snapshot.schema.fields.some((field) => field.name === REQUEST_KEYS_COLUMN)) return [];
  const column = quoteIdent(REQUEST_KEYS_COLUMN);
  const matches = keys.texts
    .map(
      (texts) =>
        `(${keys.keyColumns
          .map(
            (name, index) =>
              `json_extract_string(r.${column}, ${quoteLiteral(`$.${JSON.stringify(name)}`)}) = ${quoteLiteral(texts[index])}`,
          )
          .join(" AND ")})`,
    )
    .join(" OR ");
  return withDuckDb({ memoryLimit: "1GB", threads: 2 }, async (connection) => {
    const relation = await readTable({ tablePath, connection });
    const rows = await queryJsonRows(
      connection,
      `SELECT DISTINCT r.${column} AS k FROM ${relation.sql} AS r WHERE r.${column} IS NOT NULL AND (${matches})`,
    );
    return rows.map((row) => String(row.k));
  });
};

/**
 * Served vectors of views built on an erased group: staged rows and the view's served-vector Delta table (delete
 * commit and purge, under the lock its drain job holds). A vector is the person's when its key columns hold a key
 * (views whose vectors carry the key) or when the request's keys logged beside it do (REQUEST_KEYS_COLUMN, views whose
 * vectors do not). Vectors logged before request keys were logged, of a view not carrying the key, cannot be told
 * apart: the report names those views.
 */
export const eraseServedVectors = async ({
  projectId,
  views,
  keys,
  requestId,
}: {
  projectId: string;
  views: TViewPlan[];
  keys: TGroupKeys;
  requestId: string;
}): Promise<TStoreResult> => {
  let stagedRemoved = 0;
  let tableRowsDeleted = 0;
  let tablesPurged = 0;
  const erased = keySet(keys);
  const notCarrying = views
    .filter((view) => !view.carriesKey && !view.logsRequestKeys)
    .map((view) => `${view.name} v${view.version}`);
  const matched = views.filter((candidate) => candidate.carriesKey || candidate.logsRequestKeys);
  for (const view of matched) {
    const byRequestKeys = !view.carriesKey;
    await db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`served-vectors:${view.id}`}))::text`;
        const staged = await tx.servedVectorLog.findMany({ where: { featureViewId: view.id } });
        const doomed = staged.filter((row) => {
          const values = row.values as Record<string, unknown>;
          const record = byRequestKeys ? requestKeysOf(values) : values;
          return !!record && recordHoldsKey(record, keys, erased);
        });
        if (doomed.length) await tx.servedVectorLog.deleteMany({ where: { id: { in: doomed.map((row) => row.id) } } });
        stagedRemoved += doomed.length;
        const tablePath = servedVectorTablePath({ projectId, featureViewId: view.id });
        if (!existsSync(path.join(tablePath, "_delta_log"))) return;
        const keyColumns = byRequestKeys ? [REQUEST_KEYS_COLUMN] : keys.keyColumns;
        const rows = byRequestKeys
          ? (await loggedRequestKeysHolding(tablePath, keys)).map((text) => [text])
          : keys.texts;
        if (rows.length) {
          const written = await writeCommit({
            tablePath,
            mode: "delete",
            sourceSql: `SELECT * FROM (VALUES ${rows.map((texts) => `(${texts.map(quoteLiteral).join(", ")})`).join(", ")}) AS v(${keyColumns.map(quoteIdent).join(", ")})`,
            primaryKey: keyColumns,
            txn: { appId: `larder-erasure-${requestId}`, version: 1 },
            commitInfo: { operation: "DELETE", erasureRequestId: requestId },
          });
          tableRowsDeleted += written.rowsDeleted;
        }
        await purgeHistory({ tablePath });
        tablesPurged += 1;
      },
      { timeout: 30 * 60_000, maxWait: 60_000 },
    );
  }
  return {
    stagedVectorsRemoved: stagedRemoved,
    tableRowsDeleted,
    tablesPurged,
    ...(notCarrying.length ? { viewsNotCarryingTheKey: notCarrying.join(", ") } : {}),
  };
};

type TRunFeature = { histogram?: unknown };

/**
 * Runs of drift monitors on an erased group or a view built on one, computed before the erasure: their histograms go
 * (a bin or a category one key decides would show its value); the metric values, which describe whole windows, stay.
 */
export const eraseMonitorHistograms = async ({
  projectId,
  groupIds,
  viewIds,
  before,
}: {
  projectId: string;
  groupIds: string[];
  viewIds: string[];
  before: Date;
}): Promise<TStoreResult> => {
  const monitors = await db.monitor.findMany({
    where: { projectId, OR: [{ featureGroupId: { in: groupIds } }, { featureViewId: { in: viewIds } }] },
    select: { id: true },
  });
  const runs = await db.monitorRun.findMany({
    where: { projectId, monitorId: { in: monitors.map((monitor) => monitor.id) }, computedAt: { lt: before } },
  });
  let changed = 0;
  for (const run of runs) {
    const features = run.results as unknown as TRunFeature[];
    if (!features.some((feature) => feature.histogram)) continue;
    await db.monitorRun.update({
      where: { id: run.id },
      data: {
        results: features.map((feature) => ({ ...feature, histogram: null })) as unknown as Prisma.InputJsonValue,
      },
    });
    changed += 1;
  }
  return { monitorRunsChanged: changed };
};

/**
 * A job result's value-bearing lists (the keys its contract declares, e.g. a consistency check's `examples`) without
 * the entries naming an erased key (`{ key: { <column>: <value> }, … }`).
 */
const scrubResult = ({
  result,
  valueKeys,
  keys,
  erased,
}: {
  result: unknown;
  valueKeys: string[];
  keys: TGroupKeys;
  erased: Set<string>;
}): { value: unknown; removed: number } => {
  if (!result || typeof result !== "object" || Array.isArray(result)) return { value: result, removed: 0 };
  let removed = 0;
  const next: Record<string, unknown> = { ...(result as Record<string, unknown>) };
  for (const valueKey of valueKeys) {
    const list = next[valueKey];
    if (!Array.isArray(list)) continue;
    const kept = list.filter((entry) => {
      const key = (entry as { key?: Record<string, unknown> } | null)?.key;
      return !(key && typeof key === "object" && recordHoldsKey(key, keys, erased));
    });
    removed += list.length - kept.length;
    next[valueKey] = kept;
  }
  return { value: next, removed };
};

/**
 * Job text of the project: a marked value (lib/feature-values.ts) in an error or a log line that is one of the erased
 * rows' values is replaced; job results that list rows (a consistency check's examples) lose those holding a key.
 */
export const eraseJobText = async ({
  projectId,
  groups,
  valueTexts,
}: {
  projectId: string;
  groups: { id: string; keys: TGroupKeys }[];
  valueTexts: string[];
}): Promise<TStoreResult> => {
  const keyTexts = [...new Set(groups.flatMap((group) => group.keys.texts.flat()))];
  const values = new Set(valueTexts);
  const unquote = (text: string) => {
    try {
      const parsed = JSON.parse(text);
      return typeof parsed === "string" || typeof parsed === "number" ? String(parsed) : text;
    } catch {
      return text;
    }
  };
  const hit = (marked: string) =>
    values.has(marked) ||
    values.has(unquote(marked)) ||
    keyTexts.some((key) => key.length >= 3 && marked.includes(key));
  const scrub = (text: string) =>
    text.replace(MARKED, (whole, inner: string) => (hit(inner) ? `\uE000${ERASED}\uE001` : whole));
  let logLines = 0;
  const lines = await db.$queryRaw<{ id: bigint; message: string }[]>`
    SELECT l.id, l.message FROM "JobLog" l JOIN "Job" j ON j.id = l."jobId"
     WHERE j."projectId" = ${projectId} AND strpos(l.message, ${"\uE000"}) > 0`;
  for (const line of lines) {
    const next = scrub(line.message);
    if (next === line.message) continue;
    await db.jobLog.update({ where: { id: line.id }, data: { message: next } });
    logLines += 1;
  }
  let errors = 0;
  let resultRows = 0;
  const groupIds = groups.map((group) => group.id);
  const jobs = await db.job.findMany({
    where: {
      projectId,
      OR: [{ error: { contains: "\uE000" } }, { featureGroupId: { in: groupIds }, result: { not: Prisma.DbNull } }],
    },
    select: { id: true, type: true, error: true, result: true, featureGroupId: true },
  });
  for (const job of jobs) {
    const data: Prisma.JobUpdateInput = {};
    if (job.error?.includes("\uE000")) {
      const next = scrub(job.error);
      if (next !== job.error) {
        data.error = next;
        errors += 1;
      }
    }
    const valueKeys = findJobContract(job.type)?.resultValueKeys ?? [];
    const group = groups.find((candidate) => candidate.id === job.featureGroupId);
    if (job.result !== null && valueKeys.length && group) {
      const scrubbed = scrubResult({ result: job.result, valueKeys, keys: group.keys, erased: keySet(group.keys) });
      if (scrubbed.removed > 0) {
        data.result = scrubbed.value as Prisma.InputJsonValue;
        resultRows += scrubbed.removed;
      }
    }
    if (Object.keys(data).length) await db.job.update({ where: { id: job.id }, data });
  }
  return { jobLogLinesChanged: logLines, jobErrorsChanged: errors, jobResultRowsRemoved: resultRows };
};
