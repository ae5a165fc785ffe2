"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { LinkRow } from "@/components/ui/link-row";
import { Table, TableBody, TableCell } from "@/components/ui/table";
import { ColumnList } from "@/components/ui/code-chip";
import type { TFeatureView } from "@/lib/api/feature-views";
import { featureGroupHref } from "@/lib/client/feature-store";
import { featureViewHref } from "@/lib/client/feature-views";
import { formatCount } from "@/lib/client/format-values";
import { SharedFromBadge } from "@/components/sharing/shared-from-badge";

/** The feature views, already filtered and sorted by the page. A row opens the view. */
export const FeatureViewsTable = ({ project, featureViews }: { project: string; featureViews: TFeatureView[] }) => {
  return (
    <Table
      caption={`Feature views of ${project}`}
      columns={["Name", "Version", "Root group", "Features", "Serving keys", "Labels", "Training datasets", "Created"]}
      numeric={["Features", "Training datasets"]}
    >
      <TableBody>
        {featureViews.map((view) => {
          const href = featureViewHref(project, view.name, view.version);
          return (
            <LinkRow
              key={view.id}
              href={href}
              name={view.name}
              detail={
                view.description && <p className="line-clamp-1 max-w-xs text-xs text-slate-600">{view.description}</p>
              }
            >
              <TableCell>
                <div className="flex flex-wrap items-center gap-1">
                  <Badge tone="brand">v{view.version}</Badge>
                  <SharedFromBadge sharedFrom={view.sharedFrom} />
                </div>
              </TableCell>
              <TableCell>
                <Link
                  href={featureGroupHref(project, view.root.featureGroup.name, view.root.featureGroup.version)}
                  className="font-mono text-xs text-slate-800 hover:text-brand-700 hover:underline"
                >
                  {view.root.featureGroup.name} v{view.root.featureGroup.version}
                </Link>
                {view.joins.length > 0 && (
                  <p className="text-xs text-slate-600">+ {formatCount(view.joins.length)} joined</p>
                )}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(view.features.length)}</TableCell>
              <TableCell>
                <ColumnList names={view.servingKeys.map((key) => key.name)} />
              </TableCell>
              <TableCell>
                <ColumnList names={view.labels} empty="None" />
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(view.trainingDatasets.length)}</TableCell>
              <TableCell>
                <RelativeTime iso={view.createdAt} />
              </TableCell>
            </LinkRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
