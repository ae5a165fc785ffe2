"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import type { TModel } from "@/lib/api/models";
import { featureViewHref } from "@/lib/client/feature-views";
import { modelHref } from "@/lib/client/models";

const metricsText = (metrics: Record<string, number>) =>
  Object.entries(metrics)
    .slice(0, 3)
    .map(([key, value]) => `${key} ${Number.isInteger(value) ? value : value.toFixed(3)}`)
    .join(" · ") || "—";

/** Models as a table: name and version, framework, headline metrics, the view they were trained on. */
export const ModelsTable = ({ project, models, caption }: { project: string; models: TModel[]; caption: string }) => (
  <Table caption={caption} columns={["Model", "Framework", "Metrics", "Feature view", "Registered"]}>
    <TableBody>
      {models.map((model) => (
        <TableRow key={model.id}>
          <TableCell>
            <Link
              href={modelHref(project, model.name, model.version)}
              className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
            >
              {model.name} <span className="font-normal text-slate-600">v{model.version}</span>
            </Link>
          </TableCell>
          <TableCell>{model.framework ? <Badge>{model.framework}</Badge> : "—"}</TableCell>
          <TableCell className="font-mono text-xs text-slate-700">{metricsText(model.metrics)}</TableCell>
          <TableCell>
            {model.featureView ? (
              model.featureView.exists ? (
                <Link
                  href={featureViewHref(project, model.featureView.name, model.featureView.version)}
                  className="font-mono text-xs text-slate-800 hover:text-brand-700 hover:underline"
                >
                  {model.featureView.name} v{model.featureView.version}
                </Link>
              ) : (
                <span className="font-mono text-xs text-slate-500 line-through">
                  {model.featureView.name} v{model.featureView.version}
                </span>
              )
            ) : (
              "—"
            )}
          </TableCell>
          <TableCell>
            <RelativeTime iso={model.createdAt} />
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);
