import "server-only";
import { logsRequestKeys } from "./served-vector-table";
import type { TFeatureType } from "@/lib/api/feature-groups";
import type { TTransformationStatistics } from "@/lib/api/training-datasets";
import { db } from "../db/client";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere, unreadableSourceError } from "../access-where";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { parseExpression, type TExprNode, type TFeatureViewPlan } from "../feature-views";
import { toOnlineGroup, type TOnlineGroup } from "../online-store";
import { transformedColumns, type TVectorValue } from "./transform";

// A feature view compiled for serving: which groups to read in which stage, how each lookup key is built,
// the on-demand expressions parsed once, and the vector's columns with their fitted transformations.
// Built from the registry (3 queries), cached by plan-cache.ts; the hot path only reads it.

/** Where one component of a group's lookup key comes from: a serving key, or a column of an earlier source. */
type TKeyPart =
  | { kind: "servingKey"; index: number }
  | { kind: "keyOf"; source: number; position: number }
  | { kind: "valueOf"; source: number; column: string };

type TServingSource = {
  alias: string;
  name: string;
  version: number;
  group: TOnlineGroup;
  /** Reads go out stage by stage: stage 0 needs only serving keys; stage n needs a row read in stage n − 1. */
  stage: number;
  /** Lookup key parts in the group's primary-key order. */
  keyParts: TKeyPart[];
  /** Output columns this source contributes: from the row's values, or (primary-key columns) from its key. */
  columns: { output: string; source: string; type: TFeatureType; keyPosition: number | null }[];
};

type TOnDemand = { name: string; type: TFeatureType; expression: TExprNode };

type TVectorColumn = {
  name: string;
  type: TFeatureType;
  feature: string;
  compute: ((value: unknown) => TVectorValue) | null;
};

export type TServingPlan = {
  projectId: string;
  featureView: { id: string; name: string; version: number };
  trainingDataset: { name: string; version: number } | null;
  servingKeys: { name: string; type: TFeatureType }[];
  sources: TServingSource[];
  /** Source indexes per stage, in order. */
  stages: number[][];
  requestParameters: Map<string, TFeatureType>;
  /** Every output feature (stored and on-demand) → type, in the view's order. */
  featureTypes: Map<string, TFeatureType>;
  /** Output feature → index of the source it comes from (absent for on-demand features). */
  featureSource: Map<string, number>;
  onDemand: TOnDemand[];
  labels: Set<string>;
  /** The model's input: the view's features minus labels and helper columns, transformed. */
  vectorColumns: TVectorColumn[];
  inferenceHelpers: string[];
  /** Share of served vectors to log (0 = off); a change is served within one plan refresh. */
  servedVectorLogRate: number;
  /** What a logged vector records: the view's features (untransformed, labels excluded), in the view's order. */
  loggedFeatures: string[];
  /** A logged vector also records the request's keys (REQUEST_KEYS_COLUMN): its features lack a serving key. */
  logsRequestKeys: boolean;
  builtAt: number;
};

/** A training dataset's statistics, or null (untransformed) when the view has no finished dataset. */
const findStatistics = async ({
  projectId,
  featureViewId,
  trainingDataset,
}: {
  projectId: string;
  featureViewId: string;
  trainingDataset: { name: string; version: number } | null;
}) => {
  if (trainingDataset) {
    const row = await db.trainingDataset.findFirst({
      where: {
        ...trainingDatasetWhere({ projectId, intent: "read" }),
        featureViewId,
        name: trainingDataset.name,
        version: trainingDataset.version,
      },
      select: { name: true, version: true, status: true, transformationStatistics: true },
    });
    if (!row)
      throw new InvalidInputError("Unknown training dataset", [
        {
          path: "options.trainingDataset",
          message: `'${trainingDataset.name}' version ${trainingDataset.version} is not a training dataset of this feature view`,
        },
      ]);
    if (row.status !== "READY")
      throw new InvalidInputError("Training dataset not ready", [
        {
          path: "options.trainingDataset",
          message: `it is ${row.status}; its transformation statistics exist once it is READY`,
        },
      ]);
    return row;
  }
  return db.trainingDataset.findFirst({
    where: { ...trainingDatasetWhere({ projectId, intent: "read" }), featureViewId, status: "READY" },
    orderBy: [{ createdAt: "desc" }, { version: "desc" }],
    select: { name: true, version: true, status: true, transformationStatistics: true },
  });
};

/** Which plan: `version: "latest"` serves the highest version (Feast-style requests name a view without one). */
export type TServingPlanRequest = {
  projectId: string;
  name: string;
  version: number | "latest";
  trainingDataset?: { name: string; version: number } | null;
};

export const buildServingPlan = async ({
  projectId,
  name,
  version,
  trainingDataset = null,
}: TServingPlanRequest): Promise<TServingPlan> => {
  const select = { id: true, name: true, version: true, plan: true, servedVectorLogRate: true } as const;
  const view = await db.featureView.findFirst({
    where: { ...featureViewWhere({ projectId, intent: "read" }), name, ...(version === "latest" ? {} : { version }) },
    orderBy: { version: "desc" },
    select,
  });
  if (!view)
    throw new NotFoundError(
      version === "latest" ? `Feature view '${name}' not found` : `Feature view '${name}' version ${version} not found`,
    );
  const plan = view.plan as unknown as TFeatureViewPlan;
  const [groups, dataset] = await Promise.all([
    db.featureGroup.findMany({
      where: {
        ...featureGroupWhere({ projectId, intent: "read" }),
        id: { in: plan.sources.map((source) => source.featureGroupId) },
      },
      include: { features: { orderBy: { position: "asc" } } },
    }),
    findStatistics({ projectId, featureViewId: view.id, trainingDataset }),
  ]);
  const statistics = ((dataset?.transformationStatistics ?? null) as TTransformationStatistics | null) ?? {};

  const aliases = plan.sources.map((source) => source.alias);
  const sources: TServingSource[] = [];
  for (const [index, planSource] of plan.sources.entries()) {
    const row = groups.find((group) => group.id === planSource.featureGroupId);
    // Gone by a forced delete (docs/lineage.md "Forced delete"), or a revoked share (docs/sharing.md): not served.
    if (!row) throw await unreadableSourceError({ projectId, view, source: planSource });
    if (!row.onlineEnabled)
      throw new ConflictError(
        `Feature group ${planSource.name} v${planSource.version} is not online-enabled, so this feature view cannot be served online; enable it and materialize`,
      );
    const group = toOnlineGroup(row);
    let keyParts: TKeyPart[];
    let stage = 0;
    if (index === 0) {
      keyParts = group.primaryKey.map((column) => ({
        kind: "servingKey",
        index: plan.servingKeys.findIndex((key) => key.name === column),
      }));
    } else {
      // The online store is keyed by primary key: a join must match all of it (in any order), nothing else.
      if (
        planSource.rightOn.length !== group.primaryKey.length ||
        !group.primaryKey.every((column) => planSource.rightOn.includes(column))
      ) {
        throw new ConflictError(
          `Join '${planSource.alias}' matches ${planSource.name} v${planSource.version} on (${planSource.rightOn.join(", ")}), not on its primary key (${group.primaryKey.join(", ")}); the online store can only look rows up by primary key`,
        );
      }
      const leftIndex = aliases.indexOf(planSource.left!);
      const left = sources[leftIndex];
      keyParts = group.primaryKey.map((column) => {
        const leftColumn = planSource.leftOn[planSource.rightOn.indexOf(column)];
        const position = left.group.primaryKey.indexOf(leftColumn);
        // The root's key columns are the serving keys: known before any read, so such joins share stage 0.
        if (position >= 0 && leftIndex === 0)
          return { kind: "servingKey", index: plan.servingKeys.findIndex((key) => key.name === leftColumn) };
        // From an intermediate group, even its key columns wait for its row: as in the point-in-time join, no
        // intermediate row (or an expired one) means no key, so the snowflake's row is missing too.
        stage = Math.max(stage, left.stage + 1);
        if (position >= 0) return { kind: "keyOf", source: leftIndex, position };
        return { kind: "valueOf", source: leftIndex, column: leftColumn };
      });
    }
    const columns = planSource.columns.map((column) => ({
      output: column.output,
      source: column.source,
      type: column.type,
      keyPosition: group.primaryKey.includes(column.source) ? group.primaryKey.indexOf(column.source) : null,
    }));
    sources.push({
      alias: planSource.alias,
      name: planSource.name,
      version: planSource.version,
      group,
      stage,
      keyParts,
      columns,
    });
  }
  const stageCount = Math.max(...sources.map((source) => source.stage)) + 1;
  const stages = Array.from({ length: stageCount }, (_, stage) =>
    sources.flatMap((source, index) => (source.stage === stage ? [index] : [])),
  );

  const featureTypes = new Map(plan.featureTypes);
  const featureSource = new Map<string, number>();
  sources.forEach((source, index) => source.columns.forEach((column) => featureSource.set(column.output, index)));
  const labels = new Set(plan.labels);
  const helpers = new Set([...plan.trainingHelperColumns, ...plan.inferenceHelperColumns]);
  const vectorColumns: TVectorColumn[] = plan.featureTypes
    .filter(([feature]) => !labels.has(feature) && !helpers.has(feature))
    .flatMap(([feature, type]): TVectorColumn[] =>
      statistics[feature]
        ? transformedColumns({ feature, type, statistics: statistics[feature] }).map((column) => ({
            ...column,
            feature,
          }))
        : [{ name: feature, type, feature, compute: null }],
    );
  return {
    projectId,
    featureView: { id: view.id, name: view.name, version: view.version },
    trainingDataset: dataset ? { name: dataset.name, version: dataset.version } : null,
    servingKeys: plan.servingKeys.map((key) => ({ name: key.name, type: key.type })),
    sources,
    stages,
    requestParameters: new Map(
      plan.requestParameters.map((parameter) => [parameter.name, parameter.type as TFeatureType]),
    ),
    featureTypes,
    featureSource,
    onDemand: plan.onDemand.map((feature) => ({
      name: feature.name,
      type: feature.type,
      expression: parseExpression(feature.expression),
    })),
    labels,
    vectorColumns,
    inferenceHelpers: plan.inferenceHelperColumns,
    servedVectorLogRate: view.servedVectorLogRate,
    loggedFeatures: plan.featureTypes.map(([feature]) => feature).filter((feature) => !labels.has(feature)),
    logsRequestKeys: logsRequestKeys(plan),
    builtAt: Date.now(),
  };
};
