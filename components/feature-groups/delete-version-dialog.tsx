"use client";

import { ImpactSection } from "@/components/lineage/impact-section";
import { DeleteDialog } from "@/components/ui/delete-dialog";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { deleteFeatureGroup, featureStoreKeys } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";

/** Deleting a version needs its name typed again, and says what goes with it. */
export const DeleteVersionDialog = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  return (
    <DeleteDialog
      label="Delete version"
      title={`Delete ${group.name} v${group.version}?`}
      description="This permanently deletes this version and cannot be undone. Other versions of the group are kept."
      confirmLabel="Delete this version"
      typedConfirmation={{ label: "Type the feature group name to confirm", value: group.name }}
      onDelete={() => deleteFeatureGroup({ project, name: group.name, version: group.version })}
      removes={featureStoreKeys.featureGroup(project, group.name, group.version)}
      invalidates={[{ queryKey: featureStoreKeys.featureGroups(project) }]}
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
      <div className="mt-3 text-sm">
        <p className="font-medium text-slate-900">What depends on it</p>
        <ImpactSection reference={{ project, kind: "feature_group", name: group.name, version: group.version }} />
      </div>
    </DeleteDialog>
  );
};
