import "server-only";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { newId } from "../ids";
import { featureGroupWhere, trainingDatasetWhere } from "../access-where";
import {
  DeltaVersionNotFoundError,
  describeRelation,
  eventTimeInstantSql,
  isEventTimeType,
  quoteIdent,
  quoteLiteral,
} from "../offline";
import { typedSourceSql } from "../feature-views";
import { DEFAULT_STATISTICS_CONFIG, statisticsConfigOf, type TStatisticsDocument } from "@/lib/api/statistics";
import { kindOf, optionsOf, overallCompleteness, toStatisticsDocument } from "./document";
import { commitSubjectKey, splitSubjectKey, type TWindow } from "./subject-key";

// The statistics job's work: describe a feature group as of a commit (its snapshot: every row visible then, not
// only the rows that commit wrote), optionally an event-time window of it, or each split of a training dataset,
// and store the document per subject (an upsert by subject key: a retried attempt overwrites its own result).

// One DuckDB instance per job. 1 GB holds the approx aggregates of 20 columns and the exact quantiles of 1 M rows;
// the worker's peak stays under its 1.5 GB budget (bench/statistics.ts measures it).
const STATISTICS_DUCKDB = { memoryLimit: "1GB", threads: 2 };

/** Input that can never be described (a vanished group, a vacuumed commit): the job fails without retries. */
export class StatisticsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StatisticsInputError";
  }
}

const saveStatistics = async (
  row: Omit<Prisma.FeatureStatisticsUncheckedCreateInput, "id" | "document" | "rowCount"> & {
    document: TStatisticsDocument;
  },
) => {
  const data = {
    ...row,
    rowCount: BigInt(row.document.rowCount),
    document: row.document as unknown as Prisma.InputJsonValue,
    computedAt: new Date(),
  };
  await db.featureStatistics.upsert({
    where: { subjectKey: row.subjectKey },
    create: { id: newId("sta"), ...data },
    update: data,
  });
};

export const runCommitStatistics = async ({
  projectId,
  featureGroupId,
  commit,
  window,
  jobId,
}: {
  projectId: string;
  featureGroupId: string;
  commit: number;
  window?: TWindow;
  jobId: string | null;
}) => {
  const featureGroup = await db.featureGroup.findFirst({
    where: { ...featureGroupWhere({ projectId, intent: "write" }), id: featureGroupId },
    include: { features: { orderBy: { position: "asc" } } },
  });
  if (!featureGroup) throw new StatisticsInputError("The feature group no longer exists");
  const config = statisticsConfigOf(featureGroup.statisticsConfig);
  const chosen = config.columns ? new Set(config.columns) : null;
  const features = featureGroup.features.filter((feature) => !chosen || chosen.has(feature.name));
  let where: string | undefined;
  if (window) {
    const eventTime = featureGroup.features.find((feature) => feature.name === featureGroup.eventTime);
    if (!eventTime || !isEventTimeType(eventTime.type))
      throw new StatisticsInputError("The feature group has no event time: it has no event-time windows");
    const instant = eventTimeInstantSql({ expression: quoteIdent(eventTime.name), type: eventTime.type });
    const at = (iso: string) => `CAST(${quoteLiteral(new Date(iso).toISOString())} AS TIMESTAMPTZ)`;
    where = `${instant} >= ${at(window.start)} AND ${instant} < ${at(window.end)}`;
  }
  const raw = await describeRelation({
    source: { tablePath: featureGroup.tablePath, asOf: { version: commit }, where },
    columns: features.map((feature) => ({ name: feature.name, kind: kindOf(feature.type) })),
    options: optionsOf(config),
    duckdb: STATISTICS_DUCKDB,
  }).catch((error: unknown) => {
    if (error instanceof DeltaVersionNotFoundError) throw new StatisticsInputError(error.message);
    throw error;
  });
  const document = toStatisticsDocument({
    raw,
    types: new Map(features.map((feature) => [feature.name, feature.type])),
    config,
  });
  await saveStatistics({
    subjectKey: commitSubjectKey({ featureGroupId, commit, window }),
    projectId,
    featureGroupId,
    deltaVersion: commit,
    windowStart: window ? new Date(window.start) : null,
    windowEnd: window ? new Date(window.end) : null,
    jobId,
    document,
  });
  // The catalog's indicator follows the newest commit's statistics (a late job for an older commit leaves it).
  if (!window && commit >= featureGroup.deltaVersion)
    await db.featureGroup.update({
      where: { id: featureGroup.id },
      data: { statisticsCompleteness: overallCompleteness(document) },
    });
  return { subjects: 1, rowCount: raw.rowCount, features: features.length, passes: raw.passes };
};

export const runTrainingDatasetStatistics = async ({
  projectId,
  trainingDatasetId,
  jobId,
}: {
  projectId: string;
  trainingDatasetId: string;
  jobId: string | null;
}) => {
  const dataset = await db.trainingDataset.findFirst({
    where: { ...trainingDatasetWhere({ projectId, intent: "write" }), id: trainingDatasetId },
    include: { splits: { orderBy: { name: "asc" } } },
  });
  if (!dataset || dataset.status !== "READY")
    throw new StatisticsInputError("The training dataset no longer exists or has no files");
  const columns = dataset.columns as { name: string; type: string }[];
  const format = dataset.format as "parquet" | "csv";
  let rows = 0;
  for (const split of dataset.splits) {
    const raw = await describeRelation({
      source: { relationSql: typedSourceSql({ path: split.path, format, columns }) },
      columns: columns.map((column) => ({ name: column.name, kind: kindOf(column.type) })),
      options: optionsOf(DEFAULT_STATISTICS_CONFIG),
      duckdb: STATISTICS_DUCKDB,
    });
    const document = toStatisticsDocument({
      raw,
      types: new Map(columns.map((column) => [column.name, column.type])),
      config: DEFAULT_STATISTICS_CONFIG,
    });
    await saveStatistics({
      subjectKey: splitSubjectKey({ trainingDatasetId: dataset.id, split: split.name }),
      projectId,
      trainingDatasetId: dataset.id,
      split: split.name,
      jobId,
      document,
    });
    rows += raw.rowCount;
  }
  return { subjects: dataset.splits.length, rowCount: rows, features: columns.length };
};
