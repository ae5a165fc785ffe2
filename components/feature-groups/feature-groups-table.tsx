"use client";

import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { LinkRow } from "@/components/ui/link-row";
import { Table, TableBody, TableCell } from "@/components/ui/table";
import { ColumnList } from "@/components/ui/code-chip";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { featureGroupHref } from "@/lib/client/feature-store";
import { formatCount } from "@/lib/client/format-values";
import { OnlineBadge } from "./online-badge";
import { SharedFromBadge } from "@/components/sharing/shared-from-badge";
import { CompletenessMeter } from "@/components/statistics/completeness-meter";
import { FreshnessBadge } from "@/components/monitoring/freshness-card";
import { fetchFreshness, monitoringKeys } from "@/lib/client/monitoring";
import { useQuery } from "@tanstack/react-query";

/** The catalog's rows; the server already filtered and sorted them. A row opens the group. */
export const FeatureGroupsTable = ({ project, featureGroups }: { project: string; featureGroups: TFeatureGroup[] }) => {
  // Freshness against each group's SLA (docs/monitoring.md): coloured where an SLA is set.
  const freshness = useQuery({ queryKey: monitoringKeys.freshness(project), queryFn: () => fetchFreshness(project) });
  const freshnessOf = (group: TFeatureGroup) =>
    freshness.data?.groups.find((row) => row.name === group.name && row.version === group.version);
  return (
    <Table
      caption={`Feature groups of ${project}`}
      columns={[
        "Name",
        "Version",
        "Description",
        "Entity keys",
        "Features",
        "Rows",
        "Complete",
        "Last commit",
        "Store",
      ]}
      numeric={["Features", "Rows"]}
    >
      <TableBody>
        {featureGroups.map((group) => {
          const href = featureGroupHref(project, group.name, group.version);
          return (
            <LinkRow key={group.id} href={href} name={group.name}>
              <TableCell>
                <div className="flex flex-wrap items-center gap-1">
                  <Badge tone="brand">v{group.version}</Badge>
                  <SharedFromBadge sharedFrom={group.sharedFrom} />
                </div>
              </TableCell>
              <TableCell className="max-w-xs">
                <span className="line-clamp-2 text-slate-700">
                  {group.description || <span className="text-slate-500">No description</span>}
                </span>
              </TableCell>
              <TableCell>
                <ColumnList names={group.primaryKey} />
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(group.features.length)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(group.rowCount)}</TableCell>
              <TableCell>
                <CompletenessMeter completeness={group.statisticsCompleteness} />
              </TableCell>
              <TableCell>
                <div className="grid justify-items-start gap-1">
                  <RelativeTime iso={group.lastCommitAt} fallback="No commits yet" />
                  {freshnessOf(group)?.slaSeconds != null && <FreshnessBadge freshness={freshnessOf(group)!} />}
                </div>
              </TableCell>
              <TableCell>
                <OnlineBadge isOnline={group.onlineEnabled} />
              </TableCell>
            </LinkRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
