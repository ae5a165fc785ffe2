import "server-only";
import { db } from "../db/client";
import { getEnv } from "../env";
import { featureGroupWhere } from "../access-where";
import {
  findCommittedTxn,
  readTable,
  withDuckDb,
  writeCommit,
  queryJsonRows,
  type TWriteCommitResult,
} from "../offline";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { findUploadById } from "./uploads";
import { validateAndTypeSource, IngestValidationError } from "./stage";
import type { TUploadFormat } from "./formats";
import { syncCommitOnline, type TOnlineSyncOutcome } from "../online/write-through";
import { recordCommit } from "../registry/commits";
import { withTableWriteLock } from "../db/table-lock";
import { findErasureFilters, withoutErasedKeys } from "./erasure-filter";
import { completeIngestReport, findSuiteForIngest, validateStagedLoad } from "../validation";

// The ingest worker's DuckDB: bounded so a 1 GB CSV streams through without the worker passing ~1 GB.
const INGEST_DUCKDB = { memoryLimit: "512MB", threads: 2 };

type TIngestMode = "upsert" | "delete";

export type TIngestParams = {
  jobId: string;
  projectId: string;
  featureGroupId: string;
  uploadId: string;
  mode: TIngestMode;
  userId: string | null;
  progress?: (fraction: number, message: string, rowsProcessed?: number) => void;
  signal?: AbortSignal;
};

export { IngestValidationError };

// The Delta `txn` an ingest job's commit carries: one commit per job, whatever its attempt.
const ingestTxn = (jobId: string) => ({ appId: `larder-job-${jobId}`, version: 1 });

/** Whether job `jobId`'s ingest commit is in the table already (written by an earlier attempt of the job). */
export const hasIngestCommitted = async ({ tablePath, jobId }: { tablePath: string; jobId: string }) =>
  (await findCommittedTxn({ tablePath, txn: ingestTxn(jobId) })) !== null;

/**
 * Loads a staged upload into a feature group as one Delta commit and records it in the registry. All or nothing:
 * until the commit is written nothing is visible; once it is, the write is done — a failed online write-through
 * marks the group out of sync instead of failing the job. Idempotent for retries: the commit carries the Delta
 * `txn` action with appId = the job id, and a retry whose commit is already in the log only (re)records it and
 * never reads the upload again (the upload is removed after the job is marked done: ingest-job.ts).
 */
export const runIngest = async ({
  jobId,
  projectId,
  featureGroupId,
  uploadId,
  mode,
  userId,
  progress,
  signal,
}: TIngestParams) => {
  const featureGroup = await findIngestGroup(projectId, featureGroupId);
  if (!featureGroup) throw new IngestValidationError("The feature group no longer exists");
  // The table's write lock, shared with other writers, through the online write-through: an erasure waits for this
  // write to be done everywhere before it deletes (server/db/table-lock.ts).
  return withTableWriteLock({ tablePath: featureGroup.tablePath, mode: "shared" }, () =>
    ingestLocked({ jobId, projectId, featureGroup, uploadId, mode, userId, progress, signal }),
  );
};

type TIngestGroup = NonNullable<Awaited<ReturnType<typeof findIngestGroup>>>;

const findIngestGroup = (projectId: string, featureGroupId: string) =>
  db.featureGroup.findFirst({
    where: { ...featureGroupWhere({ projectId, intent: "write" }), id: featureGroupId },
    include: { features: { orderBy: { position: "asc" } } },
  });

const ingestLocked = async ({
  jobId,
  projectId,
  featureGroup,
  uploadId,
  mode,
  userId,
  progress,
  signal,
}: Omit<TIngestParams, "featureGroupId"> & { featureGroup: TIngestGroup }) => {
  const featureGroupId = featureGroup.id;
  const timings: Record<string, number> = {};
  let phaseStart = performance.now();
  const endPhase = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - phaseStart) / 1000;
    phaseStart = now;
  };
  const txn = ingestTxn(jobId);
  const committed = await findCommittedTxn({ tablePath: featureGroup.tablePath, txn });
  let result: TWriteCommitResult;
  // The report of the load's validation, saved before the commit and completed once the commit exists.
  let report: { id: string; outcome: string } | null = null;
  // Rows of keys an open erasure request erased, dropped from the load (docs/erasure.md).
  let erasedRowsDropped = 0;
  if (committed) {
    progress?.(0.9, `commit ${committed.version} was written by an earlier attempt; not reading the upload again`);
    result = committed;
  } else {
    const upload = await findUploadById({ projectId, uploadId });
    const features = featureGroup.features.map((feature) => ({
      name: feature.name,
      type: feature.type as TFeatureType,
    }));
    const requiredColumns =
      mode === "delete"
        ? featureGroup.primaryKey
        : [...featureGroup.primaryKey, ...(featureGroup.eventTime ? [featureGroup.eventTime] : [])];
    progress?.(0.05, `validating ${upload.fileName}`);
    const { rows, typedSql } = await withDuckDb(INGEST_DUCKDB, (connection) =>
      validateAndTypeSource({
        connection,
        filePath: upload.path,
        format: upload.format as TUploadFormat,
        features,
        requiredColumns,
        keyOnly: mode === "delete" ? featureGroup.primaryKey : undefined,
      }),
    );
    const filters = mode === "delete" ? [] : await findErasureFilters(featureGroupId);
    const filtered = await withDuckDb(INGEST_DUCKDB, (connection) =>
      withoutErasedKeys({ connection, sourceSql: typedSql, filters, features }),
    );
    erasedRowsDropped = filtered.droppedRows;
    if (erasedRowsDropped > 0)
      progress?.(
        0.35,
        `dropped ${erasedRowsDropped} row(s) of erased keys (erasure request ${filters.map((f) => f.requestId).join(", ")})`,
        rows,
      );
    endPhase("validateSeconds");
    progress?.(0.4, `validated ${rows} rows; writing the commit`, rows);
    // The group's expectation suite runs inside the write, over the staged load, before anything is written.
    const suite = mode === "delete" ? null : await findSuiteForIngest(featureGroupId);
    result = await writeCommit({
      tablePath: featureGroup.tablePath,
      mode,
      sourceSql: filtered.sourceSql,
      primaryKey: featureGroup.primaryKey,
      eventTime: featureGroup.eventTime,
      txn,
      commitInfo: { jobId, userId: userId ?? undefined, operation: mode === "delete" ? "DELETE" : "MERGE" },
      onProgress: (fraction, message) => progress?.(0.4 + fraction * 0.5, message, rows),
      signal,
      duckdb: INGEST_DUCKDB,
      beforeCommit: suite
        ? async (staged) => {
            const started = performance.now();
            progress?.(0.42, `checking the expectation suite (${suite.rules.length} rules)`, rows);
            const validation = await validateStagedLoad({ staged, group: featureGroup, suite, jobId, userId });
            timings.suiteSeconds = Math.round(performance.now() - started) / 1000;
            if (validation.rejected)
              throw new IngestValidationError(
                `The expectation suite rejected the load (STRICT): ${validation.failures}. Nothing was written; see validation report ${validation.reportId}.`,
              );
          }
        : undefined,
    });
    endPhase("commitSeconds");
    // The moment a lost machine leaves behind after the write: the commit is in the Delta log, the registry
    // has not recorded it and the validation report does not name it yet (the retry must do both, not write again).
    if (getEnv().LARDER_FAULT === "kill-after-delta-commit") process.kill(process.pid, "SIGKILL");
  }
  // A retry completes the report its killed attempt saved before the commit (none: the load had no suite).
  if (mode !== "delete") report = await completeIngestReport({ jobId, deltaVersion: result.version });
  progress?.(0.92, `recording commit ${result.version}`);
  const rowCount = await countRows(featureGroup.tablePath);
  endPhase("countSeconds");
  await recordCommit({
    featureGroupId,
    deltaVersion: result.version,
    operation: mode === "delete" ? "DELETE" : result.rowsUpdated > 0 ? "UPSERT" : "INSERT",
    rows: { inserted: result.rowsInserted, updated: result.rowsUpdated, deleted: result.rowsDeleted },
    rowCount,
    jobId,
    userId,
  });
  endPhase("recordSeconds");
  // From here the write is done: the online write-through never fails it (syncCommitOnline marks the group out
  // of sync and enqueues the repair instead).
  let online: TOnlineSyncOutcome | null = null;
  if (featureGroup.onlineEnabled) {
    progress?.(0.96, `writing commit ${result.version} to the online store`);
    online = await syncCommitOnline({ featureGroup, version: result.version, userId });
    endPhase("onlineSeconds");
  }
  return {
    timings,
    online,
    validation: report ? { reportId: report.id, outcome: report.outcome } : null,
    version: result.version,
    rowsInserted: result.rowsInserted,
    rowsUpdated: result.rowsUpdated,
    rowsDeleted: result.rowsDeleted,
    rowsRewritten: result.rowsRewritten,
    alreadyCommitted: result.alreadyCommitted,
    erasedRowsDropped,
    rowCount,
  };
};

const countRows = async (tablePath: string): Promise<number> =>
  withDuckDb(INGEST_DUCKDB, async (connection) => {
    const relation = await readTable({ tablePath, connection });
    const [row] = await queryJsonRows(connection, `SELECT count(*) AS n FROM ${relation.sql} AS fg`);
    return Number(row.n);
  });
