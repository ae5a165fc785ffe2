"use client";

import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { ChevronDown, ChevronRight, Plus, ShieldAlert } from "lucide-react";
import Link from "next/link";
import { memo } from "react";
import { LINEAGE_KIND_LABELS, type TLineageNode } from "@/lib/api/lineage";
import { cn } from "@/lib/client/cn";
import { NODE_WIDTH, piiLabel } from "@/lib/lineage/view";
import { artifactHref } from "./artifact-href";

// One artifact of the lineage graph: its kind, name, status and PII, its columns when expanded (each with a handle
// on either side for column edges), ▸ to show them and + to bring in its own lineage.

const KIND_STYLE: Record<TLineageNode["kind"], string> = {
  data_source: "bg-slate-100",
  feature_group: "bg-brand-50",
  feature_view: "bg-sky-50",
  training_dataset: "bg-violet-50",
  model: "bg-emerald-50",
};

type TNodeData = TLineageNode & {
  /** The graph's node this was made from (to keep the xyflow node while it is the same). */
  source: TLineageNode;
  project: string;
  isRoot: boolean;
  expanded: boolean;
  onToggleColumns: (key: string) => void;
  onExpand: (node: TLineageNode) => void;
};
export type TArtifactNode = Node<TNodeData, "artifact">;

export const ArtifactNode = memo(({ data }: NodeProps<TArtifactNode>) => {
  const href = artifactHref(data.project, data);
  const title = `${data.name}${data.version === null ? "" : ` v${data.version}`}`;
  return (
    <div
      role="group"
      aria-label={`${LINEAGE_KIND_LABELS[data.kind]} ${title}`}
      // xyflow gives a node that is neither draggable nor selectable `pointer-events: none` (the pane underneath got
      // every click: the ▸ and + buttons could not be pressed); the card takes them back. Dragging on it still pans.
      className={cn(
        "pointer-events-auto rounded-md border bg-white text-left shadow-sm",
        data.pii.length ? "border-red-400 ring-1 ring-red-300" : "border-slate-300",
        data.isRoot && "ring-2 ring-brand-500",
      )}
      style={{ width: NODE_WIDTH }}
    >
      <Handle type="target" position={Position.Left} className="!bg-slate-400" isConnectable={false} />
      <div className={cn("rounded-t-md border-b border-slate-200 px-2 py-1.5", KIND_STYLE[data.kind])}>
        <div className="flex items-center gap-1">
          <button
            type="button"
            className="nodrag nopan rounded p-0.5 text-slate-600 hover:bg-white"
            aria-label={`${data.expanded ? "Hide" : "Show"} the columns of ${title}`}
            aria-expanded={data.expanded}
            onClick={() => data.onToggleColumns(data.key)}
          >
            {data.expanded ? <ChevronDown className="size-3.5" /> : <ChevronRight className="size-3.5" />}
          </button>
          {href ? (
            <Link
              href={href}
              className="nodrag nopan truncate font-mono text-xs font-semibold text-slate-900 hover:underline"
            >
              {title}
            </Link>
          ) : (
            <span className="truncate font-mono text-xs font-semibold text-slate-900">{title}</span>
          )}
          {(data.more.upstream || data.more.downstream) && (
            <button
              type="button"
              className="nodrag nopan ml-auto rounded p-0.5 text-slate-600 hover:bg-white"
              aria-label={`Expand the lineage of ${title}`}
              onClick={() => data.onExpand(data)}
            >
              <Plus className="size-3.5" />
            </button>
          )}
        </div>
        <p className="flex flex-wrap items-center gap-1 text-[11px] text-slate-600">
          {LINEAGE_KIND_LABELS[data.kind]}
          {data.status.state !== "ok" && (
            <span
              className={cn(
                "rounded px-1 font-medium",
                data.status.state === "stale" ? "bg-amber-100 text-amber-800" : "bg-red-100 text-red-700",
              )}
              title={data.status.message ?? undefined}
            >
              {data.status.state}
            </span>
          )}
          {data.pii.length > 0 && (
            <span className="flex items-center gap-0.5 rounded bg-red-100 px-1 font-medium text-red-700">
              <ShieldAlert className="size-3" aria-hidden /> {piiLabel(data.pii)}
            </span>
          )}
        </p>
      </div>
      {data.expanded && (
        <ul className="py-1" aria-label={`Columns of ${title}`}>
          {data.columns.length === 0 && <li className="px-2 text-[11px] text-slate-500">no columns</li>}
          {data.columns.map((column) => (
            <li
              key={column.name}
              className={cn(
                "relative truncate px-2 font-mono text-[11px] leading-[22px]",
                column.pii.length ? "bg-red-50 text-red-800" : "text-slate-800",
              )}
              title={column.pii.length ? piiLabel(column.pii) : undefined}
            >
              <Handle
                id={`in:${column.name}`}
                type="target"
                position={Position.Left}
                className="!size-1.5 !bg-slate-300"
                isConnectable={false}
              />
              {column.name}
              {column.pii.length > 0 && <span className="ml-1 font-sans">· {piiLabel(column.pii)}</span>}
              <Handle
                id={`out:${column.name}`}
                type="source"
                position={Position.Right}
                className="!size-1.5 !bg-slate-300"
                isConnectable={false}
              />
            </li>
          ))}
        </ul>
      )}
      <Handle type="source" position={Position.Right} className="!bg-slate-400" isConnectable={false} />
    </div>
  );
});
ArtifactNode.displayName = "ArtifactNode";
