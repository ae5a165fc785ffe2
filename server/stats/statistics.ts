import "server-only";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { InvalidInputError, NotFoundError } from "../errors";
import { withAuditEvent } from "../audit/record";
import { enqueueJob } from "../jobs";
import { getFeatureGroupRow } from "../registry/feature-groups";
import { getTrainingDataset } from "../feature-views";
import type { TVersionAction, TVersionRead } from "../principal";
import { showStatistics, showStatisticsHistory } from "@/lib/statistics-values";
import {
  statisticsConfigOf,
  type TComputeStatistics,
  type TStatistics,
  type TStatisticsConfig,
  type TStatisticsDocument,
  type TStatisticsHistory,
} from "@/lib/api/statistics";
import { commitSubjectKey } from "./subject-key";

// The statistics API: stored documents (never data), shown through showStatistics for the caller's scopes, the
// per-group configuration, and jobs on demand for any commit or event-time window.

type TStatisticsRow = Prisma.FeatureStatisticsGetPayload<object>;

const toStatistics = (row: TStatisticsRow, scopes: readonly string[]): TStatistics => ({
  id: row.id,
  commit: row.deltaVersion,
  window:
    row.windowStart && row.windowEnd
      ? { start: row.windowStart.toISOString(), end: row.windowEnd.toISOString() }
      : null,
  split: row.split,
  computedAt: row.computedAt.toISOString(),
  jobId: row.jobId,
  statistics: showStatistics(row.document as unknown as TStatisticsDocument, scopes),
});

export const getFeatureGroupStatistics = async ({
  access,
  name,
  version,
  commit,
  start,
  end,
}: TVersionRead & { commit?: number; start?: string; end?: string }): Promise<TStatistics> => {
  const featureGroup = await getFeatureGroupRow({ access, intent: "read", name, version });
  const window = start && end ? { start, end } : null;
  const row =
    commit !== undefined
      ? await db.featureStatistics.findUnique({
          where: { subjectKey: commitSubjectKey({ featureGroupId: featureGroup.id, commit, window }) },
        })
      : await db.featureStatistics.findFirst({
          where: { featureGroupId: featureGroup.id, windowStart: window ? new Date(window.start) : null },
          orderBy: [{ deltaVersion: "desc" }, { computedAt: "desc" }],
        });
  // The group's own project: a group shared with the caller's project keeps its statistics at home.
  if (!row || row.projectId !== featureGroup.projectId)
    throw new NotFoundError(
      commit === undefined
        ? `No statistics of feature group '${name}' version ${version} yet`
        : `No statistics of commit ${commit} of feature group '${name}' version ${version}; compute them first`,
    );
  return toStatistics(row, access.scopes);
};

export const getStatisticsHistory = async ({ access, name, version }: TVersionRead): Promise<TStatisticsHistory> => {
  const featureGroup = await getFeatureGroupRow({ access, intent: "read", name, version });
  const rows = await db.featureStatistics.findMany({
    where: { featureGroupId: featureGroup.id, projectId: featureGroup.projectId, windowStart: null },
    orderBy: { deltaVersion: "asc" },
  });
  const points = rows.map((row) => {
    const document = row.document as unknown as TStatisticsDocument;
    return {
      commit: row.deltaVersion ?? 0,
      computedAt: row.computedAt.toISOString(),
      rowCount: Number(row.rowCount),
      features: document.features.map((feature) => ({
        name: feature.name,
        nullRatio: document.rowCount > 0 ? feature.nulls / document.rowCount : null,
        mean: typeof feature.mean === "number" ? feature.mean : null,
      })),
    };
  });
  return showStatisticsHistory({ points }, access.scopes);
};

export const computeStatistics = async ({
  ctx,
  access,
  name,
  version,
  input,
}: TVersionAction & { input: TComputeStatistics }) => {
  const featureGroup = await getFeatureGroupRow({ access, intent: "write", name, version });
  const commit = input.commit ?? featureGroup.deltaVersion;
  if (commit < 0 || commit > featureGroup.deltaVersion)
    throw new InvalidInputError("No such commit", [
      { path: "commit", message: `must be a commit of this group (0 … ${featureGroup.deltaVersion})` },
    ]);
  if (input.window && !featureGroup.eventTime)
    throw new InvalidInputError("The feature group has no event time", [
      { path: "window", message: "needs an event-time column on the feature group" },
    ]);
  const job = await enqueueJob({
    ctx,
    access,
    type: "statistics",
    payload: { featureGroupId: featureGroup.id, commit, ...(input.window ? { window: input.window } : {}) },
    featureGroupId: featureGroup.id,
  });
  return { job };
};

export const getStatisticsConfig = async ({ access, name, version }: TVersionRead): Promise<TStatisticsConfig> =>
  statisticsConfigOf((await getFeatureGroupRow({ access, intent: "read", name, version })).statisticsConfig);

export const updateStatisticsConfig = async ({
  ctx,
  access,
  name,
  version,
  input,
}: TVersionAction & { input: TStatisticsConfig }): Promise<TStatisticsConfig> => {
  const featureGroup = await getFeatureGroupRow({ access, intent: "write", name, version });
  const known = new Set(featureGroup.features.map((feature) => feature.name));
  const unknown = (input.columns ?? []).flatMap((column, index) =>
    known.has(column) ? [] : [{ path: `columns.${index}`, message: `'${column}' is not a feature of this group` }],
  );
  if (unknown.length) throw new InvalidInputError("Unknown features", unknown);
  return withAuditEvent(
    async (tx) => {
      await tx.featureGroup.update({
        where: { id: featureGroup.id },
        data: { statisticsConfig: input as unknown as Prisma.InputJsonValue },
      });
      return input;
    },
    () => ({
      ctx,
      project: access.project,
      action: "featureGroup.statisticsConfig",
      resourceType: "featureGroup",
      resourceId: featureGroup.id,
      resourceName: `${featureGroup.name} v${featureGroup.version}`,
      details: { ...input },
    }),
  );
};

export const getTrainingDatasetStatistics = async ({ access, name, version }: TVersionRead) => {
  // Through the dataset's own lookup: 404 for a dataset the caller cannot see.
  const dataset = await getTrainingDataset({ access, name, version });
  const rows = await db.featureStatistics.findMany({
    where: { trainingDatasetId: dataset.id },
    orderBy: { split: "asc" },
  });
  return { splits: rows.map((row) => toStatistics(row, access.scopes)) };
};
