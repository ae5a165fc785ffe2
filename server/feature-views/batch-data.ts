import "server-only";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { db } from "../db/client";
import { InvalidInputError, NotFoundError } from "../errors";
import { recordValueRead, viewSourceProjectIds } from "../audit/record";
import type { TVersionAction } from "../principal";
import { queryJsonRows, quoteLiteral, withDuckDb } from "../offline";
import type { TFilter } from "@/lib/api/feature-views";
import { ZBatchDataSchema, type TBatchData, type TTransformationStatistics } from "@/lib/api/training-datasets";
import { entitiesSpine } from "./batch-entities";
import { getFeatureViewRow } from "./feature-views";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere, unreadableSourceError } from "../access-where";
import { materializeFeatureView, SpineError, type TPinnedSource, type TSpineSource } from "./materialize";
import type { TFeatureViewPlan } from "./plan";

// Batch inference data: the view's features for a set of entities as of a time (default now), or for the
// root rows of a time range, with model-dependent transformations fitted on a chosen training dataset.
// Small by design (MAX_BATCH_ENTITIES), so it runs in the request and streams the file back.

/** Each source of the plan pinned at its group's latest commit. */
const latestSources = async ({
  projectId,
  plan,
  view,
}: {
  projectId: string;
  plan: TFeatureViewPlan;
  view: { name: string; version: number };
}) => {
  const groups = await db.featureGroup.findMany({
    where: {
      ...featureGroupWhere({ projectId, intent: "read" }),
      id: { in: plan.sources.map((s) => s.featureGroupId) },
    },
  });
  // Gone by a forced delete (docs/lineage.md "Forced delete"), or no longer shared with the reader (a revoked
  // share, docs/sharing.md "After revocation"): the view cannot be read.
  const missing = plan.sources.find((source) => !groups.some((g) => g.id === source.featureGroupId));
  if (missing) throw await unreadableSourceError({ projectId, view, source: missing });
  return new Map<string, TPinnedSource>(
    plan.sources.map((source) => {
      const group = groups.find((g) => g.id === source.featureGroupId)!;
      return [source.alias, { tablePath: group.tablePath, version: Math.max(0, group.deltaVersion) }];
    }),
  );
};

/**
 * The view's point-in-time batch data for the root rows of `[start, end)` (the batch read's time range) — or, given
 * `spine`, for its rows — written as one Parquet file under `outDir`, for jobs (monitoring, backtests) that read a
 * window of a view; no size limit, no audit of its own (the caller's job is the record). `keepSpineTime` adds each
 * row's spine time as `_larder_ts`.
 */
export const materializeBatchWindow = async ({
  projectId,
  featureViewId,
  start,
  end,
  spine,
  keepSpineTime,
  outDir,
  signal,
}: {
  projectId: string;
  featureViewId: string;
  start?: string;
  end?: string;
  spine?: Extract<TSpineSource, { kind: "table" }>;
  keepSpineTime?: boolean;
  outDir: string;
  signal?: AbortSignal;
}) => {
  const view = await db.featureView.findFirst({
    where: { ...featureViewWhere({ projectId, intent: "read" }), id: featureViewId },
  });
  if (!view) throw new NotFoundError("The feature view no longer exists");
  const plan = view.plan as unknown as TFeatureViewPlan;
  const result = await materializeFeatureView({
    plan,
    sources: await latestSources({ projectId, plan, view }),
    spine: spine ?? { kind: "root", start, end },
    filter: (view.spec as { filter?: TFilter | null }).filter,
    split: { type: "none" },
    format: "parquet",
    outDir,
    includeHelpers: "inference",
    keepSpineTime,
    signal,
  });
  return { path: result.splits[0].path, rowCount: result.rowCount, columns: result.columns };
};

export const getBatchData = async ({ ctx, access, name, version, input }: TVersionAction & { input: TBatchData }) => {
  const spec = ZBatchDataSchema.parse(input);
  const view = await getFeatureViewRow({ projectId: access.project.id, intent: "read", name, version });
  const plan = view.plan as unknown as TFeatureViewPlan;
  let statistics: TTransformationStatistics = {};
  if (spec.trainingDataset) {
    const dataset = await db.trainingDataset.findFirst({
      where: {
        ...trainingDatasetWhere({ projectId: access.project.id, intent: "read" }),
        featureViewId: view.id,
        name: spec.trainingDataset.name,
        version: spec.trainingDataset.version,
      },
    });
    if (!dataset)
      throw new InvalidInputError("Unknown training dataset", [
        {
          path: "trainingDataset",
          message: `'${spec.trainingDataset.name}' version ${spec.trainingDataset.version} is not a training dataset of this feature view`,
        },
      ]);
    if (dataset.status !== "READY")
      throw new InvalidInputError("Training dataset not ready", [
        { path: "trainingDataset", message: `it is ${dataset.status}` },
      ]);
    statistics = (dataset.transformationStatistics as TTransformationStatistics | null) ?? {};
  }
  const sources = await latestSources({ projectId: access.project.id, plan, view });
  let spine: TSpineSource;
  if (spec.entities) {
    spine = entitiesSpine({ plan, entities: spec.entities, asOf: spec.asOf ?? new Date().toISOString() });
  } else {
    spine = { kind: "root", start: spec.timeRange!.start, end: spec.timeRange!.end };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "larder-batch-"));
  const fileFormat = spec.format === "csv" ? "csv" : "parquet";
  try {
    const result = await materializeFeatureView({
      plan,
      sources,
      spine,
      filter: (view.spec as { filter?: TFilter | null }).filter,
      split: { type: "none" },
      format: fileFormat,
      outDir: path.join(dir, "out"),
      statistics,
      includeHelpers: "inference",
    });
    await recordValueRead({
      ctx,
      project: access.project,
      action: "featureData.read",
      resourceType: "featureView",
      resourceId: view.id,
      resourceName: `${name} v${view.version}`,
      details: { name, version: view.version, batch: true, rows: result.rowCount },
      itemProjectIds: await viewSourceProjectIds(view.id),
    });
    const file = result.splits[0].path;
    if (spec.format === "json") {
      const rows = await withDuckDb(undefined, (connection) =>
        queryJsonRows(connection, `SELECT * FROM read_parquet(${quoteLiteral(file)})`),
      );
      await rm(dir, { recursive: true, force: true });
      return Response.json({
        columns: result.columns,
        rows,
        sourceCommits: plan.sources.map((s) => ({
          featureGroup: { id: s.featureGroupId, name: s.name, version: s.version },
          deltaVersion: sources.get(s.alias)!.version,
          role: s.role,
        })),
      });
    }
    const stream = createReadStream(file);
    stream.on("close", () => void rm(dir, { recursive: true, force: true }));
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        "content-type": fileFormat === "parquet" ? "application/vnd.apache.parquet" : "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}_v${view.version}_batch.${fileFormat}"`,
      },
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (error instanceof SpineError)
      throw new InvalidInputError(error.message, [
        { path: error.field === "spine" ? "timeRange" : error.field, message: error.message },
      ]);
    throw error;
  }
};
