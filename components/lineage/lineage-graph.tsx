"use client";

import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { ChevronDown, ChevronRight, Plus, ShieldAlert } from "lucide-react";
import Link from "next/link";
import { memo, useMemo } from "react";
import { LINEAGE_KIND_LABELS, type TLineageGraph, type TLineageNode } from "@/lib/api/lineage";
import { cn } from "@/lib/client/cn";
import { NODE_WIDTH, piiLabel, type TLayoutResult } from "@/lib/lineage/view";
import { artifactHref } from "./artifact-href";

// The thin renderer of the lineage graph (docs/lineage.md): the data is the API's graph after lib/lineage/view.ts,
// positions come from the layout worker. Only what is on screen is rendered (onlyRenderVisibleElements).

const KIND_STYLE: Record<TLineageNode["kind"], string> = {
  data_source: "bg-slate-100",
  feature_group: "bg-brand-50",
  feature_view: "bg-sky-50",
  training_dataset: "bg-violet-50",
  model: "bg-emerald-50",
};

type TNodeData = TLineageNode & {
  project: string;
  isRoot: boolean;
  expanded: boolean;
  onToggleColumns: (key: string) => void;
  onExpand: (node: TLineageNode) => void;
};
type TArtifactNode = Node<TNodeData, "artifact">;

const ArtifactNode = memo(({ data }: NodeProps<TArtifactNode>) => {
  const href = artifactHref(data.project, data);
  const title = `${data.name}${data.version === null ? "" : ` v${data.version}`}`;
  return (
    <div
      role="group"
      aria-label={`${LINEAGE_KIND_LABELS[data.kind]} ${title}`}
      className={cn(
        "rounded-md border bg-white text-left shadow-sm",
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
            className="nodrag rounded p-0.5 text-slate-600 hover:bg-white"
            aria-label={`${data.expanded ? "Hide" : "Show"} the columns of ${title}`}
            aria-expanded={data.expanded}
            onClick={() => data.onToggleColumns(data.key)}
          >
            {data.expanded ? <ChevronDown className="size-3.5" /> : <ChevronRight className="size-3.5" />}
          </button>
          {href ? (
            <Link
              href={href}
              className="nodrag truncate font-mono text-xs font-semibold text-slate-900 hover:underline"
            >
              {title}
            </Link>
          ) : (
            <span className="truncate font-mono text-xs font-semibold text-slate-900">{title}</span>
          )}
          {(data.more.upstream || data.more.downstream) && (
            <button
              type="button"
              className="nodrag ml-auto rounded p-0.5 text-slate-600 hover:bg-white"
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

const NODE_TYPES = { artifact: ArtifactNode };
const LARGE_GRAPH = 150;

const edgeStyle = (pii: boolean, deidentifying: boolean) =>
  deidentifying
    ? { stroke: "#059669", strokeDasharray: "4 3" }
    : pii
      ? { stroke: "#dc2626", strokeWidth: 2 }
      : { stroke: "#64748b" };

export const LineageGraphView = ({
  project,
  graph,
  layout,
  expanded,
  onToggleColumns,
  onExpand,
  height = 560,
}: {
  project: string;
  graph: TLineageGraph;
  layout: TLayoutResult;
  expanded: ReadonlySet<string>;
  onToggleColumns: (key: string) => void;
  onExpand: (node: TLineageNode) => void;
  height?: number;
}) => {
  const nodes: TArtifactNode[] = useMemo(
    () =>
      graph.nodes.flatMap((node) => {
        const position = layout.positions[node.key];
        if (!position) return [];
        return [
          {
            id: node.key,
            type: "artifact" as const,
            position,
            data: {
              ...node,
              project,
              isRoot: node.key === graph.root,
              expanded: expanded.has(node.key),
              onToggleColumns,
              onExpand,
            },
            draggable: false,
            connectable: false,
          },
        ];
      }),
    [graph, layout, expanded, project, onToggleColumns, onExpand],
  );
  const edges: Edge[] = useMemo(() => {
    const drawn: Edge[] = [];
    const columnPairs = new Set<string>();
    for (const edge of graph.edges) {
      if (!edge.fromColumn || !edge.toColumn) continue;
      if (!expanded.has(edge.from) || !expanded.has(edge.to)) continue;
      columnPairs.add(`${edge.from}>${edge.to}`);
      drawn.push({
        id: `c${edge.id}`,
        source: edge.from,
        target: edge.to,
        sourceHandle: `out:${edge.fromColumn}`,
        targetHandle: `in:${edge.toColumn}`,
        style: edgeStyle(edge.pii.length > 0, edge.deidentifying),
        className: edge.pii.length ? "lineage-pii" : undefined,
      });
    }
    for (const edge of graph.edges) {
      if (edge.fromColumn || edge.toColumn || columnPairs.has(`${edge.from}>${edge.to}`)) continue;
      drawn.push({
        id: `o${edge.id}`,
        source: edge.from,
        target: edge.to,
        markerEnd: { type: MarkerType.ArrowClosed, color: edge.pii.length ? "#dc2626" : "#64748b" },
        style: edgeStyle(edge.pii.length > 0, edge.deidentifying),
        className: edge.pii.length ? "lineage-pii" : undefined,
      });
    }
    return drawn;
  }, [graph, expanded]);
  // A large graph opens on the root and its neighbours (zoomed to read), not all of it at a size nobody can read:
  // with only visible elements rendered, that keeps the first render small; pan or zoom out for the rest.
  const fitOptions = useMemo(
    () =>
      graph.nodes.length > LARGE_GRAPH
        ? {
            padding: 0.2,
            maxZoom: 1,
            nodes: graph.nodes
              .filter((node) => Math.abs(node.distance) <= 1)
              .slice(0, LARGE_GRAPH)
              .map((node) => ({ id: node.key })),
          }
        : { padding: 0.1, maxZoom: 1 },
    [graph],
  );
  return (
    <figure
      aria-label={`Lineage graph of ${graph.nodes.find((n) => n.key === graph.root)?.name ?? "the artifact"}`}
      className="overflow-hidden rounded-md border border-slate-200 bg-slate-50/60"
      style={{ height }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onlyRenderVisibleElements
        fitView
        fitViewOptions={fitOptions}
        minZoom={0.05}
        nodesConnectable={false}
        nodesDraggable={false}
        elementsSelectable={false}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} color="#e2e8f0" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </figure>
  );
};
