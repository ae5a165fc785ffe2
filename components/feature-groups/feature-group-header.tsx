"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCan } from "@/components/projects/project-context";
import { VersionedHeading } from "@/components/ui/detail-page";
import { RelativeTime } from "@/components/ui/relative-time";
import { DescriptionItem } from "@/components/ui/description-item";
import { cn } from "@/lib/client/cn";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { featureStoreKeys, updateFeatureGroup } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";
import { LineageLink } from "@/components/lineage/lineage-link";
import { DeleteRowsDialog } from "./delete-rows-dialog";
import { SharedFromBanner } from "@/components/sharing/shared-from-badge";
import { DeleteVersionDialog } from "./delete-version-dialog";
import { InlineEdit } from "./inline-edit";
import { LoadDataDialog } from "./load-data-dialog";
import { OnlineBadge } from "./online-badge";

/** One figure of the header's strip (rows, commits, keys…); key names are code. */
const Stat = ({
  term,
  isCode = false,
  isNumeric = false,
  children,
}: {
  term: string;
  isCode?: boolean;
  isNumeric?: boolean;
  children: React.ReactNode;
}) => (
  <DescriptionItem
    term={term}
    termClassName="text-xs"
    valueClassName={cn("font-medium text-slate-900", isCode && "font-mono text-xs", isNumeric && "tabular-nums")}
  >
    {children}
  </DescriptionItem>
);

export const FeatureGroupHeader = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  // A group another project shares with this one is changed only in its home project (docs/sharing.md).
  const isOwn = group.sharedFrom === null;
  const canWriteGroup = useCan("featureGroups:write") && isOwn;
  const canWriteData = useCan("featureData:write") && isOwn;
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
            <LineageLink project={project} kind="feature_group" name={group.name} version={group.version} />
            {canWriteData && <LoadDataDialog project={project} group={group} />}
            {canWriteData && <DeleteRowsDialog project={project} group={group} />}
            {canWriteGroup && <DeleteVersionDialog project={project} group={group} />}
          </>
        }
        className=""
      />
      <SharedFromBanner sharedFrom={group.sharedFrom} kind="feature group" />
      <dl className="flex flex-wrap gap-x-8 gap-y-2 text-sm">
        <Stat term="Rows" isNumeric>
          {group.rowCount.toLocaleString("en")}
        </Stat>
        <Stat term="Commits" isNumeric>
          {group.commitCount.toLocaleString("en")}
        </Stat>
        <Stat term="Last commit">
          <RelativeTime iso={group.lastCommitAt} fallback="No commits yet" />
        </Stat>
        <Stat term="Primary key" isCode>
          {group.primaryKey.join(", ")}
        </Stat>
        <Stat term="Event time" isCode>
          {group.eventTime ?? "—"}
        </Stat>
        <Stat term="Features">{pluralize(group.features.length, "feature")}</Stat>
      </dl>
    </div>
  );
};
