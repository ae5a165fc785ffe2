import type { FeatureColumn } from "../../offline";
import type { TPinnedSource } from "../materialize";
import type { TFeatureViewPlan, TPlanSource } from "../plan";

/**
 * A feature view plan for tests and benchmarks, without the registry: groups keyed by `entity_id` with an
 * `event_time`, the first one the root (all its columns), every other joined to it on `entity_id` (its features
 * only), each read at Delta version 1.
 */
export const starPlan = (
  groups: { tablePath: string; schema: FeatureColumn[] }[],
): { plan: TFeatureViewPlan; sources: Map<string, TPinnedSource> } => {
  const planSources: TPlanSource[] = groups.map(({ schema }, index) => ({
    alias: `group_${index}`,
    role: index === 0 ? "root" : "join",
    featureGroupId: `fg_${index}`,
    name: `group_${index}`,
    version: 1,
    primaryKey: ["entity_id"],
    eventTime: { column: "event_time", type: "timestamp" },
    ttlSeconds: null,
    left: index === 0 ? null : "group_0",
    leftOn: index === 0 ? [] : ["entity_id"],
    rightOn: index === 0 ? [] : ["entity_id"],
    prefix: "",
    columns: schema
      .filter((column) => index === 0 || !["entity_id", "event_time"].includes(column.name))
      .map((column) => ({ source: column.name, output: column.name, type: column.type })),
  }));
  const plan: TFeatureViewPlan = {
    sources: planSources,
    servingKeys: [{ name: "entity_id", type: "bigint", alias: "group_0" }],
    labels: [],
    onDemand: [],
    transformations: [],
    requestParameters: [],
    trainingHelperColumns: [],
    inferenceHelperColumns: [],
    featureTypes: planSources.flatMap((source) =>
      source.columns.map((column) => [column.output, column.type] as [string, typeof column.type]),
    ),
  };
  return {
    plan,
    sources: new Map(groups.map(({ tablePath }, index) => [`group_${index}`, { tablePath, version: 1 }])),
  };
};
