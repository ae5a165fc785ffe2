"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCan } from "@/components/projects/project-context";
import { Badge } from "@/components/ui/badge";
import { Section } from "@/components/ui/card";
import { FeatureTags } from "@/components/tags/feature-tags";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { featureStoreKeys, updateFeatureGroup } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";
import { AddFeaturesDialog } from "./add-features-dialog";
import { InlineEdit } from "./inline-edit";

/** The group's features: name, type, role (key, event time, partition) and an editable description. */
export const SchemaTab = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  const canWrite = useCan("featureGroups:write");
  const queryClient = useQueryClient();
  const saveDescription = async (feature: string, description: string) => {
    const next = await updateFeatureGroup({
      project,
      name: group.name,
      version: group.version,
      body: { features: [{ name: feature, description }] },
    });
    queryClient.setQueryData(featureStoreKeys.featureGroup(project, group.name, group.version), next);
  };
  return (
    <Section
      id="schema-title"
      title="Features"
      description={pluralize(group.features.length, "feature")}
      actions={canWrite && <AddFeaturesDialog project={project} group={group} />}
    >
      <Table
        caption={`Features of ${group.name} v${group.version}`}
        columns={["Name", "Type", "Role", "Tags", "Description"]}
      >
        <TableBody>
          {group.features.map((feature) => (
            <TableRow key={feature.name}>
              <TableCell className="font-mono text-xs font-medium text-slate-900">{feature.name}</TableCell>
              <TableCell>
                <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
                  {feature.type}
                </code>
              </TableCell>
              <TableCell>
                <span className="flex flex-wrap gap-1">
                  {feature.isPrimaryKey && <Badge tone="violet">Primary key</Badge>}
                  {feature.isEventTime && <Badge tone="info">Event time</Badge>}
                  {feature.isPartitionKey && <Badge tone="warning">Partition</Badge>}
                </span>
              </TableCell>
              <TableCell>
                <FeatureTags
                  group={{ project, name: group.name, version: group.version }}
                  feature={feature.name}
                  canEdit={canWrite}
                />
              </TableCell>
              <TableCell>
                <InlineEdit
                  value={feature.description}
                  label={`description of ${feature.name}`}
                  placeholder="No description"
                  canEdit={canWrite}
                  onSave={(next) => saveDescription(feature.name, next)}
                  className="text-sm text-slate-700"
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Section>
  );
};
