"use client";

import { ImpactDeleteDialog } from "@/components/lineage/impact-delete-dialog";
import type { TFeatureView } from "@/lib/api/feature-views";
import { deleteFeatureView, featureViewKeys, featureViewsHref } from "@/lib/client/feature-views";

/**
 * Deletes a view version. Its training datasets are never deleted with it: with datasets or models, the delete is
 * refused unless an Owner forces it, and then they stay, marked broken (docs/lineage.md "Forced delete").
 */
export const DeleteFeatureViewDialog = ({ project, view }: { project: string; view: TFeatureView }) => (
  <ImpactDeleteDialog
    reference={{ project, kind: "feature_view", name: view.name, version: view.version }}
    label="Delete"
    title={`Delete ${view.name} v${view.version}?`}
    description="The feature view's definition is deleted: online serving and batch reads of it stop. Feature groups and their data are not touched."
    confirmLabel="Delete feature view"
    onDelete={(force) => deleteFeatureView({ project, name: view.name, version: view.version, force })}
    removes={featureViewKeys.featureView(project, view.name, view.version)}
    invalidates={[
      { queryKey: featureViewKeys.featureViews(project) },
      { queryKey: featureViewKeys.trainingDatasets(project) },
    ]}
    goTo={featureViewsHref(project)}
  />
);
