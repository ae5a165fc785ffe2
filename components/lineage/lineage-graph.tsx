"use client";

import { Background, Controls, MarkerType, Position, ReactFlow, useReactFlow, type Edge } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { TLineageGraph, TLineageNode } from "@/lib/api/lineage";
import {
  initialViewport,
  NODE_WIDTH,
  nodeHandles,
  nodeSize,
  type TLayoutResult,
  type TViewport,
} from "@/lib/lineage/view";
import { ArtifactNode, type TArtifactNode } from "./artifact-node";

// The thin renderer of the lineage graph (docs/lineage.md): the data is the API's graph after lib/lineage/view.ts,
// positions come from the layout worker. Only what is on screen is rendered (onlyRenderVisibleElements).

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

/**
 * After an expansion (+ on a node), brings that node and its neighbours into view once the new layout has placed
 * them all: they may land anywhere, and only what is on screen is rendered.
 */
const FocusOnExpand = ({
  focus,
  graph,
  layout,
}: {
  focus: { key: string } | null;
  graph: TLineageGraph;
  layout: TLayoutResult;
}) => {
  const flow = useReactFlow();
  const handled = useRef<{ key: string } | null>(null);
  useEffect(() => {
    if (!focus || handled.current === focus) return;
    const around = new Set([focus.key]);
    for (const edge of graph.edges) {
      if (edge.from === focus.key) around.add(edge.to);
      if (edge.to === focus.key) around.add(edge.from);
    }
    if (![...around].every((key) => layout.positions[key])) return;
    handled.current = focus;
    void flow.fitView({
      nodes: [...around].map((id) => ({ id })),
      padding: 0.2,
      maxZoom: 1,
      minZoom: 0.5,
      duration: 300,
    });
  }, [focus, graph, layout, flow]);
  return null;
};

export const LineageGraphView = ({
  project,
  graph,
  layout,
  expanded,
  onToggleColumns,
  onExpand,
  focus = null,
  height = 560,
}: {
  project: string;
  graph: TLineageGraph;
  layout: TLayoutResult;
  expanded: ReadonlySet<string>;
  onToggleColumns: (key: string) => void;
  onExpand: (node: TLineageNode) => void;
  /** The node last expanded: shown with its neighbours when they are laid out (a new object each expansion). */
  focus?: { key: string } | null;
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
          <FocusOnExpand focus={focus} graph={graph} layout={layout} />
        </ReactFlow>
      )}
    </figure>
  );
};
