"use client";

import {
  Background,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { KeyRound } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import type { TFeatureView } from "@/lib/api/feature-views";
import { featureGroupHref } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";
import { buildJoinGraph, type TJoinGraphNode } from "./join-graph";
import { layoutJoinGraph, NODE_WIDTH } from "./join-graph-layout";

// The thin renderer of the join diagram: data shaping is buildJoinGraph, positions are layoutJoinGraph.

type TGroupNodeData = TJoinGraphNode & { project: string; height: number };
type TGroupNode = Node<TGroupNodeData, "featureGroup">;

const DIAGRAM_PADDING = 40;
const MIN_DIAGRAM_HEIGHT = 180;

const FeatureGroupNode = ({ data }: NodeProps<TGroupNode>) => (
  <div
    className="rounded-md border border-slate-300 bg-white text-left shadow-sm"
    style={{ width: NODE_WIDTH, minHeight: data.height }}
  >
    <Handle type="target" position={Position.Left} className="!bg-slate-400" isConnectable={false} />
    <div
      className={
        data.role === "root"
          ? "rounded-t-md border-b border-slate-200 bg-brand-50 px-3 py-1.5"
          : "rounded-t-md border-b border-slate-200 bg-slate-50 px-3 py-1.5"
      }
    >
      <Link
        href={featureGroupHref(data.project, data.featureGroup.name, data.featureGroup.version)}
        className="nodrag block truncate font-mono text-xs font-semibold text-slate-900 hover:underline"
      >
        {data.featureGroup.name}{" "}
        <span className="font-sans font-normal text-slate-600">v{data.featureGroup.version}</span>
      </Link>
      <p className="text-[11px] text-slate-600">
        {data.role === "root" ? "root" : data.alias !== data.featureGroup.name ? `as ${data.alias}` : "joined"} ·{" "}
        {pluralize(data.featureCount, "feature")}
      </p>
    </div>
    <ul className="px-3 py-1" aria-label={`Key columns of ${data.alias}`}>
      {data.keyColumns.length === 0 && <li className="text-[11px] leading-5 text-slate-500">no key columns</li>}
      {data.keyColumns.map((column) => (
        <li key={column} className="flex items-center gap-1 truncate font-mono text-[11px] leading-5 text-slate-800">
          <KeyRound className="size-3 shrink-0 text-amber-600" aria-hidden /> {column}
        </li>
      ))}
    </ul>
    <Handle type="source" position={Position.Right} className="!bg-slate-400" isConnectable={false} />
  </div>
);

const NODE_TYPES = { featureGroup: FeatureGroupNode };

export const JoinDiagram = ({ project, view }: { project: string; view: TFeatureView }) => {
  const layout = useMemo(() => layoutJoinGraph(buildJoinGraph(view)), [view]);
  const nodes: TGroupNode[] = layout.nodes.map((node) => ({
    id: node.id,
    type: "featureGroup",
    position: { x: node.x, y: node.y },
    data: { ...node, project },
    draggable: false,
    connectable: false,
  }));
  const edges: Edge[] = layout.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    label: edge.label,
    labelBgPadding: [6, 3],
    labelBgBorderRadius: 4,
    labelStyle: { fontFamily: "ui-monospace, monospace", fontSize: 11, fill: "#0f172a" },
    labelBgStyle: { fill: "#f1f5f9" },
    markerEnd: { type: MarkerType.ArrowClosed, color: "#64748b" },
    style: { stroke: "#64748b" },
  }));
  const height = Math.max(MIN_DIAGRAM_HEIGHT, layout.height + DIAGRAM_PADDING * 2);
  return (
    <figure
      aria-label={`Join diagram of ${view.name}`}
      className="overflow-hidden rounded-md border border-slate-200 bg-slate-50/60"
      style={{ height }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
        nodesConnectable={false}
        nodesDraggable={false}
        elementsSelectable={false}
        panOnScroll={false}
        zoomOnScroll={false}
        preventScrolling={false}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} color="#e2e8f0" />
      </ReactFlow>
      <figcaption className="sr-only">
        {layout.edges.map((edge) => `${edge.source} joins ${edge.target} on ${edge.label}`).join("; ") ||
          `${view.root.featureGroup.name} only, no joins`}
      </figcaption>
    </figure>
  );
};
