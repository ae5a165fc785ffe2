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
import { memo, useLayoutEffect, useMemo, useRef, useState } from "react";
import { LINEAGE_KIND_LABELS, type TLineageGraph, type TLineageNode } from "@/lib/api/lineage";
import { cn } from "@/lib/client/cn";
import {
  initialViewport,
  NODE_WIDTH,
  nodeHandles,
  nodeSize,
  piiLabel,
  type TLayoutResult,
  type TViewport,
} from "@/lib/lineage/view";
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
  /** The graph's node this was made from (to keep the xyflow node while it is the same). */
  source: TLineageNode;
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
const MIN_ZOOM = 0.05;

const EDGE_STYLES = {
  deidentifying: { stroke: "#059669", strokeDasharray: "4 3" },
  pii: { stroke: "#dc2626", strokeWidth: 2 },
  plain: { stroke: "#64748b" },
};
const edgeStyle = (pii: boolean, deidentifying: boolean) =>
  EDGE_STYLES[deidentifying ? "deidentifying" : pii ? "pii" : "plain"];
// Edges are drawn, not clicked or focused (the table view lists them): no invisible 20 px hit path per edge, which
// was half of the SVG a large graph put in the DOM.
const EDGE_DEFAULTS = { interactionWidth: 0, focusable: false, selectable: false } as const;

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
  // One object per node, kept while nothing of it changes: xyflow then takes in only the nodes that did (it compares
  // them by identity), and React re-renders only those (ArtifactNode is memoized).
  const made = useRef(new Map<string, TArtifactNode>());
  const nodes: TArtifactNode[] = useMemo(() => {
    const previous = made.current;
    const next = new Map<string, TArtifactNode>();
    for (const node of graph.nodes) {
      const position = layout.positions[node.key];
      if (!position) continue;
      const isExpanded = expanded.has(node.key);
      const isRoot = node.key === graph.root;
      const known = previous.get(node.key);
      if (
        known &&
        known.position === position &&
        known.data.expanded === isExpanded &&
        known.data.isRoot === isRoot &&
        known.data.source === node &&
        known.data.project === project &&
        known.data.onToggleColumns === onToggleColumns &&
        known.data.onExpand === onExpand
      ) {
        next.set(node.key, known);
        continue;
      }
      const { width, height } = nodeSize(node, isExpanded);
      next.set(node.key, {
        id: node.key,
        type: "artifact" as const,
        position,
        // Its box and handles up front (lib/lineage/view.ts): xyflow need not render a node to know it, so only
        // the nodes on screen are ever rendered; a rendered node is measured again by xyflow as usual. (Not as
        // `width`/`height`, which xyflow would impose on the node's element.)
        measured: { width, height },
        handles: nodeHandles(node, isExpanded).map((handle) => ({
          ...handle,
          position: handle.position === "left" ? Position.Left : Position.Right,
        })),
        data: { ...node, source: node, project, isRoot, expanded: isExpanded, onToggleColumns, onExpand },
        draggable: false,
        connectable: false,
      });
    }
    made.current = next;
    return [...next.values()];
  }, [graph, layout, expanded, project, onToggleColumns, onExpand]);
  const edges: Edge[] = useMemo(() => {
    const drawn: Edge[] = [];
    const columnPairs = new Set<string>();
    for (const edge of graph.edges) {
      if (!edge.fromColumn || !edge.toColumn) continue;
      if (!expanded.has(edge.from) || !expanded.has(edge.to)) continue;
      columnPairs.add(`${edge.from}>${edge.to}`);
      drawn.push({
        ...EDGE_DEFAULTS,
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
        ...EDGE_DEFAULTS,
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
  // Where the graph opens, computed once the pane's width is known and before xyflow's first render (no fitView,
  // which would render, measure, move and render again): a small graph whole; a large one on the root and its
  // neighbours, readable (zoom at least 0.5), so that only those render at first; pan or zoom out for the rest.
  const pane = useRef<HTMLElement>(null);
  const [viewport, setViewport] = useState<TViewport | null>(null);
  useLayoutEffect(() => {
    const isLarge = graph.nodes.length > LARGE_GRAPH;
    const boxes = new Map(
      nodes.map((node) => [
        node.id,
        { ...node.position, width: node.measured?.width ?? NODE_WIDTH, height: node.measured?.height ?? 0 },
      ]),
    );
    const focus = graph.nodes.filter((node) => !isLarge || Math.abs(node.distance) <= 1).map((node) => node.key);
    setViewport(
      initialViewport({
        boxes,
        focus: isLarge ? focus.slice(0, LARGE_GRAPH) : focus,
        root: graph.root,
        pane: { width: pane.current?.clientWidth || 800, height },
        ...(isLarge ? { padding: 0.2, minZoom: 0.5 } : { padding: 0.1, minZoom: MIN_ZOOM }),
      }),
    );
    // Only where it opens: later changes (expanding, collapsing kinds) keep the reader's viewport.
  }, []);
  return (
    <figure
      ref={pane}
      aria-label={`Lineage graph of ${graph.nodes.find((n) => n.key === graph.root)?.name ?? "the artifact"}`}
      className="overflow-hidden rounded-md border border-slate-200 bg-slate-50/60"
      style={{ height }}
    >
      {viewport && (
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onlyRenderVisibleElements
          defaultViewport={viewport}
          minZoom={MIN_ZOOM}
          nodesConnectable={false}
          nodesDraggable={false}
          elementsSelectable={false}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} color="#e2e8f0" />
          <Controls showInteractive={false} />
        </ReactFlow>
      )}
    </figure>
  );
};
