"use client";

import { ImpactDeleteDialog } from "@/components/lineage/impact-delete-dialog";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { deleteFeatureGroup, featureStoreKeys } from "@/lib/client/feature-store";
import { featureViewKeys } from "@/lib/client/feature-views";
import { pluralize } from "@/lib/client/format";

/** Deleting a version needs its name typed again, says what goes with it and what depends on it (docs/lineage.md). */
export const DeleteVersionDialog = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  return (
    <ImpactDeleteDialog
      reference={{ project, kind: "feature_group", name: group.name, version: group.version }}
      label="Delete version"
      title={`Delete ${group.name} v${group.version}?`}
      description="This permanently deletes this version and cannot be undone. Other versions of the group are kept."
      confirmLabel="Delete this version"
      typedConfirmation={{ label: "Type the feature group name to confirm", value: group.name }}
      onDelete={(force) => deleteFeatureGroup({ project, name: group.name, version: group.version, force })}
      removes={featureStoreKeys.featureGroup(project, group.name, group.version)}
      invalidates={[
        { queryKey: featureStoreKeys.featureGroups(project) },
        { queryKey: featureViewKeys.featureViews(project) },
      ]}
      goTo={`/projects/${encodeURIComponent(project)}/feature-groups`}
    >
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
        <li>
          <span className="font-medium text-slate-900">{pluralize(group.rowCount, "row")}</span> of feature data
          {group.onlineEnabled ? ", in the offline and the online store" : ""}
        </li>
        <li>
          <span className="font-medium text-slate-900">{pluralize(group.commitCount, "commit")}</span> of history: time
          travel to them is no longer possible
        </li>
        <li>The offline table and all its files</li>
        <li>Its {pluralize(group.features.length, "feature")} and their descriptions</li>
      </ul>
    </ImpactDeleteDialog>
  );
};
