"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import type { TTrainingDataset } from "@/lib/api/training-datasets";
import { trainingDatasetHref } from "@/lib/client/feature-views";
import { formatCount } from "@/lib/client/format-values";
import { SharedFromBadge } from "@/components/sharing/shared-from-badge";
import { SPLIT_LABELS, TrainingDatasetStatusBadge } from "./training-dataset-status-badge";

/** A feature view's training datasets with status and rows per split. */
export const TrainingDatasetsTable = ({
  project,
  trainingDatasets,
  caption,
}: {
  project: string;
  trainingDatasets: TTrainingDataset[];
  caption: string;
}) => (
  <Table
    caption={caption}
    columns={["Name", "Status", "Rows per split", "Rows", "Format", "Created"]}
    numeric={["Rows"]}
  >
    <TableBody>
      {trainingDatasets.map((dataset) => (
        <TableRow key={dataset.id}>
          <TableCell>
            <Link
              href={trainingDatasetHref(project, dataset.name, dataset.version)}
              className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
            >
              {dataset.name} <Badge tone="brand">v{dataset.version}</Badge>
            </Link>{" "}
            <SharedFromBadge sharedFrom={dataset.sharedFrom} />
            {dataset.description && (
              <p className="line-clamp-1 max-w-xs text-xs text-slate-600">{dataset.description}</p>
            )}
          </TableCell>
          <TableCell>
            <TrainingDatasetStatusBadge status={dataset.status} />
          </TableCell>
          <TableCell>
            {dataset.splits.length === 0 ? (
              <span className="text-slate-500">—</span>
            ) : (
              <span className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs">
                {dataset.splits.map((split) => (
                  <span key={split.name}>
                    <span className="text-slate-600">{SPLIT_LABELS[split.name] ?? split.name}</span>{" "}
                    <span className="tabular-nums text-slate-900">{formatCount(split.rowCount)} rows</span>
                  </span>
                ))}
              </span>
            )}
          </TableCell>
          <TableCell className="text-right tabular-nums">
            {dataset.status === "READY" ? formatCount(dataset.rowCount) : "—"}
          </TableCell>
          <TableCell className="uppercase text-xs text-slate-700">{dataset.format}</TableCell>
          <TableCell>
            <RelativeTime iso={dataset.createdAt} />
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);
