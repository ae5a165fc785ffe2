"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCan } from "@/components/projects/project-context";
import { VersionedHeading } from "@/components/ui/detail-page";
import { RelativeTime } from "@/components/ui/relative-time";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { featureStoreKeys, updateFeatureGroup } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";
import { DeleteRowsDialog } from "./delete-rows-dialog";
import { DeleteVersionDialog } from "./delete-version-dialog";
import { InlineEdit } from "./inline-edit";
import { LoadDataDialog } from "./load-data-dialog";
import { OnlineBadge } from "./online-badge";

export const FeatureGroupHeader = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  const canWriteGroup = useCan("featureGroups:write");
  const canWriteData = useCan("featureData:write");
  const queryClient = useQueryClient();
  const saveDescription = async (description: string) => {
    const next = await updateFeatureGroup({ project, name: group.name, version: group.version, body: { description } });
    queryClient.setQueryData(featureStoreKeys.featureGroup(project, group.name, group.version), next);
    await queryClient.invalidateQueries({ queryKey: ["projects", project, "feature-groups", "list"] });
  };
  return (
    <div className="mb-6 grid gap-3">
      <VersionedHeading
        name={group.name}
        version={group.version}
        badges={<OnlineBadge isOnline={group.onlineEnabled} />}
        description={
          <InlineEdit
            value={group.description}
            label="description"
            placeholder="No description yet."
            canEdit={canWriteGroup}
            isMultiline
            onSave={saveDescription}
          />
        }
        actions={
          <>
            {canWriteData && <LoadDataDialog project={project} group={group} />}
            {canWriteData && <DeleteRowsDialog project={project} group={group} />}
            {canWriteGroup && <DeleteVersionDialog project={project} group={group} />}
          </>
        }
        className=""
      />
      <dl className="flex flex-wrap gap-x-8 gap-y-2 text-sm">
        <div>
          <dt className="text-xs text-slate-600">Rows</dt>
          <dd className="font-medium tabular-nums text-slate-900">{group.rowCount.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Commits</dt>
          <dd className="font-medium tabular-nums text-slate-900">{group.commitCount.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Last commit</dt>
          <dd className="font-medium text-slate-900">
            <RelativeTime iso={group.lastCommitAt} fallback="No commits yet" />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Primary key</dt>
          <dd className="font-mono text-xs font-medium text-slate-900">{group.primaryKey.join(", ")}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Event time</dt>
          <dd className="font-mono text-xs font-medium text-slate-900">{group.eventTime ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Features</dt>
          <dd className="font-medium text-slate-900">{pluralize(group.features.length, "feature")}</dd>
        </div>
      </dl>
    </div>
  );
};
