"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { deleteFeatureGroup, featureStoreKeys } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";

/** Deleting a version needs its name typed again, and says what goes with it. */
export const DeleteVersionDialog = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      trigger={
        <Button icon={Trash2} variant="danger-outline">
          Delete version
        </Button>
      }
      title={`Delete ${group.name} v${group.version}?`}
      description="This permanently deletes this version and cannot be undone. Other versions of the group are kept."
      confirmLabel="Delete this version"
      typedConfirmation={{ label: "Type the feature group name to confirm", value: group.name }}
      onConfirm={async () => {
        await deleteFeatureGroup({ project, name: group.name, version: group.version });
        queryClient.removeQueries({ queryKey: featureStoreKeys.featureGroup(project, group.name, group.version) });
        await queryClient.invalidateQueries({ queryKey: featureStoreKeys.featureGroups(project) });
        router.push(`/projects/${encodeURIComponent(project)}/feature-groups`);
      }}
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
    </ConfirmDialog>
  );
};
