"use client";

import { ImpactSection } from "@/components/lineage/impact-section";
import { DeleteDialog } from "@/components/ui/delete-dialog";
import type { TFeatureView } from "@/lib/api/feature-views";
import { deleteFeatureView, featureViewKeys, featureViewsHref } from "@/lib/client/feature-views";

/** Deletes a view version; says which training datasets (and their files) go with it. */
export const DeleteFeatureViewDialog = ({ project, view }: { project: string; view: TFeatureView }) => {
  const datasets = view.trainingDatasets;
  return (
    <DeleteDialog
      label="Delete"
      title={`Delete ${view.name} v${view.version}?`}
      description={
        datasets.length === 0 ? (
          "The feature view's definition is deleted. No training datasets were made from it. Feature groups and their data are not touched."
        ) : (
          <>
            These {datasets.length} training datasets made from it are deleted too, with their files:
            <span
              tabIndex={0}
              className="mt-2 block max-h-40 overflow-y-auto rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800"
            >
              {datasets.map((dataset) => (
                <span key={dataset.id} className="block">
                  {dataset.name} v{dataset.version} ({dataset.status.toLowerCase()})
                </span>
              ))}
            </span>
            <span className="mt-2 block">Feature groups and their data are not touched.</span>
          </>
        )
      }
      confirmLabel={datasets.length ? `Delete view and ${datasets.length} training datasets` : "Delete feature view"}
      onDelete={() =>
        deleteFeatureView({ project, name: view.name, version: view.version, force: datasets.length > 0 })
      }
      removes={featureViewKeys.featureView(project, view.name, view.version)}
      invalidates={[
        { queryKey: featureViewKeys.featureViews(project) },
        { queryKey: featureViewKeys.trainingDatasets(project) },
      ]}
      goTo={featureViewsHref(project)}
    >
      <div className="text-sm">
        <p className="font-medium text-slate-900">What depends on it</p>
        <ImpactSection reference={{ project, kind: "feature_view", name: view.name, version: view.version }} />
      </div>
    </DeleteDialog>
  );
};
