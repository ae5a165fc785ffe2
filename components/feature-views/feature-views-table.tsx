"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import type { TFeatureView } from "@/lib/api/feature-views";
import { featureGroupHref } from "@/lib/client/feature-store";
import { featureViewHref } from "@/lib/client/feature-views";
import { formatCount } from "@/lib/client/format-values";

export const ColumnList = ({ names, empty = "—" }: { names: string[]; empty?: string }) =>
  names.length === 0 ? (
    <span className="text-slate-500">{empty}</span>
  ) : (
    <span className="flex flex-wrap gap-1">
      {names.map((name) => (
        <code key={name} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">
          {name}
        </code>
      ))}
    </span>
  );

/** The feature views, already filtered and sorted by the page. A row opens the view. */
export const FeatureViewsTable = ({ project, featureViews }: { project: string; featureViews: TFeatureView[] }) => {
  const router = useRouter();
  return (
    <Table>
      <caption className="sr-only">Feature views of {project}</caption>
      <TableHead>
        <tr>
          <TableHeaderCell>Name</TableHeaderCell>
          <TableHeaderCell>Version</TableHeaderCell>
          <TableHeaderCell>Root group</TableHeaderCell>
          <TableHeaderCell className="text-right">Features</TableHeaderCell>
          <TableHeaderCell>Serving keys</TableHeaderCell>
          <TableHeaderCell>Labels</TableHeaderCell>
          <TableHeaderCell className="text-right">Training datasets</TableHeaderCell>
          <TableHeaderCell>Created</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {featureViews.map((view) => {
          const href = featureViewHref(project, view.name, view.version);
          return (
            <TableRow
              key={view.id}
              className="cursor-pointer"
              onClick={(event) => !(event.target as HTMLElement).closest("a") && router.push(href)}
            >
              <TableCell>
                <Link href={href} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                  {view.name}
                </Link>
                {view.description && <p className="line-clamp-1 max-w-xs text-xs text-slate-600">{view.description}</p>}
              </TableCell>
              <TableCell>
                <Badge tone="brand">v{view.version}</Badge>
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
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
