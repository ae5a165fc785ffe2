"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { TFeatureView } from "@/lib/api/feature-views";
import { deleteFeatureView, featureViewKeys, featureViewsHref } from "@/lib/client/feature-views";

/** Deletes a view version; says which training datasets (and their files) go with it. */
export const DeleteFeatureViewDialog = ({ project, view }: { project: string; view: TFeatureView }) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  const datasets = view.trainingDatasets;
  return (
    <ConfirmDialog
      trigger={
        <Button icon={Trash2} variant="danger-outline">
          Delete
        </Button>
      }
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
      onConfirm={async () => {
        await deleteFeatureView({ project, name: view.name, version: view.version, force: datasets.length > 0 });
        queryClient.removeQueries({ queryKey: featureViewKeys.featureView(project, view.name, view.version) });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: featureViewKeys.featureViews(project) }),
          queryClient.invalidateQueries({ queryKey: featureViewKeys.trainingDatasets(project) }),
        ]);
        router.push(featureViewsHref(project));
      }}
    />
  );
};
