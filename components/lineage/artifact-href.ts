import type { TLineageNode } from "@/lib/api/lineage";
import { dataSourceHref } from "@/lib/client/data-sources";
import { featureGroupHref } from "@/lib/client/feature-store";
import { featureViewHref, trainingDatasetHref } from "@/lib/client/feature-views";
import { modelHref } from "@/lib/client/models";

// The console page of a lineage node (kept apart from the graph renderer, so that the delete dialogs' impact list
// does not load @xyflow/react).

export const artifactHref = (project: string, node: Pick<TLineageNode, "kind" | "name" | "version">) => {
  if (node.kind === "data_source") return dataSourceHref(project, node.name);
  if (node.version === null) return null;
  if (node.kind === "model") return modelHref(project, node.name, node.version);
  if (node.kind === "feature_group") return featureGroupHref(project, node.name, node.version);
  if (node.kind === "feature_view") return featureViewHref(project, node.name, node.version);
  if (node.kind === "training_dataset") return trainingDatasetHref(project, node.name, node.version);
  return null;
};
