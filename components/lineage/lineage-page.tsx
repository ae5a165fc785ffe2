"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Network } from "lucide-react";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { Badge } from "@/components/ui/badge";
import { CardBody, Section } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { oneOf, useUrlFilters } from "@/components/ui/use-url-filters";
import {
  LINEAGE_KIND_LABELS,
  LINEAGE_MAX_DEPTH,
  LINEAGE_NODE_KINDS,
  type TLineageGraph,
  type TLineageNode,
  type TLineageNodeKind,
} from "@/lib/api/lineage";
import { fetchLineage, lineageKeys, piiFlowHref, type TLineageRef } from "@/lib/client/lineage";
import { collapseKinds, layoutInput, mergeGraphs, piiLabel } from "@/lib/lineage/view";
import { artifactHref } from "./artifact-href";
import { LineageGraphView } from "./lineage-graph";
import { DeidentifyControl } from "./deidentify-control";
import { ImpactSection } from "./impact-section";
import { useLineageLayout } from "./use-layout";

const DEPTHS = Array.from({ length: LINEAGE_MAX_DEPTH }, (_, i) => String(i + 1));
const VIEWS = ["graph", "table"] as const;

const parse = (params: URLSearchParams) => ({
  kind: oneOf(params, "kind", LINEAGE_NODE_KINDS),
  name: params.get("name") ?? undefined,
  version: params.get("version") ?? undefined,
  depth: oneOf(params, "depth", DEPTHS),
  view: oneOf(params, "view", VIEWS),
});

const LineageTable = ({ project, graph }: { project: string; graph: TLineageGraph }) => {
  const canOverride = useCan("lineage:override");
  const names = new Map(graph.nodes.map((node) => [node.key, node]));
  const label = (key: string, column: string) => {
    const node = names.get(key);
    return `${node ? `${node.name}${node.version === null ? "" : ` v${node.version}`}` : key}${column ? `.${column}` : ""}`;
  };
  return (
    <div className="space-y-4">
      <Table caption="Artifacts in the lineage" columns={["Kind", "Artifact", "Distance", "Status", "PII"]}>
        <TableBody>
          {graph.nodes
            .toSorted((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
            .map((node) => {
              const href = artifactHref(project, node);
              return (
                <TableRow key={node.key}>
                  <TableCell>{LINEAGE_KIND_LABELS[node.kind]}</TableCell>
                  <TableCell className="font-mono text-xs">
                    {href ? <Link href={href}>{label(node.key, "")}</Link> : label(node.key, "")}
                  </TableCell>
                  <TableCell>
                    {node.distance === 0
                      ? "this"
                      : node.distance < 0
                        ? `${-node.distance} up`
                        : `${node.distance} down`}
                  </TableCell>
                  <TableCell title={node.status.message ?? undefined}>
                    {node.status.state === "ok" ? "ok" : `${node.status.state}: ${node.status.message ?? ""}`}
                  </TableCell>
                  <TableCell>{node.pii.length ? <Badge tone="danger">{piiLabel(node.pii)}</Badge> : "—"}</TableCell>
                </TableRow>
              );
            })}
        </TableBody>
      </Table>
      <Table caption="Column lineage" columns={["From", "To", "How", "PII", canOverride && "De-identifying"]}>
        <TableBody>
          {graph.edges
            .filter((edge) => edge.fromColumn)
            .map((edge) => (
              <TableRow key={edge.id}>
                <TableCell className="font-mono text-xs">{label(edge.from, edge.fromColumn)}</TableCell>
                <TableCell className="font-mono text-xs">{label(edge.to, edge.toColumn)}</TableCell>
                <TableCell className="text-xs">
                  {typeof edge.attributes.onDemand === "string"
                    ? `on demand: ${edge.attributes.onDemand}`
                    : typeof edge.attributes.transformation === "string"
                      ? edge.attributes.transformation
                      : "copied"}
                  {edge.deidentifying && ` · de-identifying: ${edge.deidentifyingReason ?? ""}`}
                </TableCell>
                <TableCell>{edge.pii.length ? <Badge tone="danger">{piiLabel(edge.pii)}</Badge> : "—"}</TableCell>
                {canOverride && (
                  <TableCell>
                    {(edge.pii.length > 0 || edge.deidentifying) && (
                      <DeidentifyControl
                        project={project}
                        edge={edge}
                        label={`${label(edge.from, edge.fromColumn)} → ${label(edge.to, edge.toColumn)}`}
                      />
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
        </TableBody>
      </Table>
    </div>
  );
};

export const LineagePage = () => {
  const project = useCurrentProject();
  const queryClient = useQueryClient();
  const { filters, apply } = useUrlFilters({ parse });
  const version = Number(filters.version);
  const ref: TLineageRef | null =
    filters.kind && filters.name && Number.isInteger(version) && version > 0
      ? { project: project.name, kind: filters.kind, name: filters.name, version }
      : null;
  const depth = Number(filters.depth ?? "1");
  const view = filters.view ?? "graph";
  const query = useQuery({
    queryKey: ref ? lineageKeys.graph(ref, depth, "both") : ["lineage-none"],
    queryFn: () => fetchLineage(ref!, depth),
    enabled: ref !== null,
  });
  const [expansions, setExpansions] = useState<Record<string, TLineageGraph>>({});
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [hidden, setHidden] = useState<ReadonlySet<TLineageNodeKind>>(new Set());
  const [focus, setFocus] = useState<{ key: string } | null>(null);
  const graph = useMemo(() => {
    if (!query.data) return null;
    const merged = Object.values(expansions).reduce(mergeGraphs, query.data);
    return collapseKinds(merged, hidden);
  }, [query.data, expansions, hidden]);
  const input = useMemo(() => (graph ? layoutInput(graph, expanded) : null), [graph, expanded]);
  const layout = useLineageLayout(input);
  const onToggleColumns = useCallback(
    (key: string) =>
      setExpanded((current) => {
        const next = new Set(current);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [],
  );
  const onExpand = useCallback(
    async (node: TLineageNode) => {
      if (node.version === null) return;
      const nodeRef = { project: project.name, kind: node.kind, name: node.name, version: node.version };
      const more = await queryClient.fetchQuery({
        queryKey: lineageKeys.graph(nodeRef, 1, "both"),
        queryFn: () => fetchLineage(nodeRef, 1),
      });
      setExpansions((current) => ({ ...current, [node.key]: more }));
      setFocus({ key: node.key });
    },
    [project.name, queryClient],
  );
  const set = (next: Partial<ReturnType<typeof parse>>) => apply({ ...filters, ...next });
  if (!ref)
    return (
      <EmptyState
        icon={Network}
        title="Choose an artifact"
        description="Open the lineage of a feature group, feature view or training dataset from its page."
      />
    );
  const root = graph?.nodes.find((node) => node.key === graph.root);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-sm text-slate-600">Lineage of the {LINEAGE_KIND_LABELS[ref.kind].toLowerCase()}</p>
          <h1 className="font-mono text-xl font-semibold text-slate-900">
            {ref.name} <span className="font-sans text-base font-normal text-slate-600">v{ref.version}</span>
          </h1>
        </div>
        <Link href={piiFlowHref(project.name)} className="text-sm text-brand-700 hover:underline">
          Where PII goes →
        </Link>
      </div>
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          Depth
          <select
            className="rounded border border-slate-300 px-2 py-1"
            value={String(depth)}
            onChange={(event) => {
              setExpansions({});
              set({ depth: event.target.value === "1" ? undefined : (event.target.value as (typeof DEPTHS)[number]) });
            }}
          >
            {DEPTHS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex items-center gap-3">
          <legend className="sr-only">Show kinds</legend>
          {LINEAGE_NODE_KINDS.filter((kind) => kind !== ref.kind).map((kind) => (
            <label key={kind} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={!hidden.has(kind)}
                onChange={() =>
                  setHidden((current) => {
                    const next = new Set(current);
                    if (next.has(kind)) next.delete(kind);
                    else next.add(kind);
                    return next;
                  })
                }
              />
              {LINEAGE_KIND_LABELS[kind]}s
            </label>
          ))}
        </fieldset>
        <div role="radiogroup" aria-label="Show as" className="ml-auto flex gap-1">
          {VIEWS.map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={view === value}
              className={
                view === value
                  ? "rounded bg-brand-600 px-3 py-1 text-white"
                  : "rounded border border-slate-300 px-3 py-1 text-slate-700"
              }
              onClick={() => set({ view: value === "graph" ? undefined : value })}
            >
              {value === "graph" ? "Graph" : "Table"}
            </button>
          ))}
        </div>
      </div>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} title="Could not load the lineage" />
      ) : view === "graph" && layout.error ? (
        <ErrorState
          error={new Error(`${layout.error}. The table view shows the same lineage.`)}
          title="Could not lay out the graph"
        />
      ) : !graph || (view === "graph" && !layout.result) ? (
        <TableSkeleton label="Loading lineage" />
      ) : view === "graph" ? (
        <>
          <LineageGraphView
            project={project.name}
            graph={graph}
            layout={layout.result!}
            expanded={expanded}
            onToggleColumns={onToggleColumns}
            onExpand={onExpand}
            focus={focus}
          />
          <p className="text-xs text-slate-600">
            {graph.nodes.length} artifacts · red: personal data flows there ·{" "}
            <span className="text-emerald-700">green dashes: de-identifying</span> · ▸ shows a node&apos;s columns and
            their edges, + expands its lineage
          </p>
        </>
      ) : (
        <LineageTable project={project.name} graph={graph} />
      )}
      {root && (
        <Section id="lineage-impact" title="Impact" description="What depends on it, downstream, and its recent reads.">
          <CardBody>
            <ImpactSection reference={ref} />
          </CardBody>
        </Section>
      )}
    </div>
  );
};
