import type { TLineageGraph, TLineageNode, TLineageNodeKind } from "../api/lineage";

// Where a model's (or any artifact's) data comes from, as stages in lineage order: data sources, feature groups
// (derived ones after their parents), feature views, training datasets. A pure preparer for the model page's
// Lineage section (components/models/model-lineage-section.tsx), which only draws it.

const STAGE_ORDER: readonly TLineageNodeKind[] = ["data_source", "feature_group", "feature_view", "training_dataset"];

export type TUpstreamStage = { kind: TLineageNodeKind; nodes: TLineageNode[] };

/**
 * The graph's upstream nodes (distance < 0) grouped by kind in lineage order, farthest first within a kind (a
 * group's parents before the group), then by name and version. Kinds with no node are left out.
 */
export const upstreamStages = (graph: TLineageGraph): TUpstreamStage[] => {
  const upstream = graph.nodes.filter((node) => node.distance < 0 && node.key !== graph.root);
  return STAGE_ORDER.flatMap((kind) => {
    const nodes = upstream
      .filter((node) => node.kind === kind)
      .toSorted(
        (a, b) => a.distance - b.distance || a.name.localeCompare(b.name) || (a.version ?? 0) - (b.version ?? 0),
      );
    return nodes.length ? [{ kind, nodes }] : [];
  });
};

/** Whether the chain reaches a data source, i.e. lineage is known all the way to where the data enters Larder. */
export const reachesDataSource = (stages: readonly TUpstreamStage[]) =>
  stages.some((stage) => stage.kind === "data_source");
