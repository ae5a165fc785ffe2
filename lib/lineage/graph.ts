// The pure lineage graph builder (docs/lineage.md): from the project's edges to the nodes and edges within a depth
// of one artifact, and PII carried along column edges. No I/O: the server loads edges and names nodes
// (server/lineage), the console collapses kinds and lays out (lib/lineage/layout.ts) with the same types.

export type TRawEdge = {
  id: string;
  fromKind: string;
  fromId: string;
  fromColumn: string;
  toKind: string;
  toId: string;
  toColumn: string;
  attributes: Record<string, unknown>;
  deidentifying: boolean;
  deidentifyingReason: string | null;
};

export const nodeKey = (kind: string, id: string) => `${kind}:${id}`;
const columnKey = (kind: string, id: string, column: string) => `${kind}:${id}\u0000${column}`;
const fromKey = (edge: TRawEdge) => nodeKey(edge.fromKind, edge.fromId);
const toKey = (edge: TRawEdge) => nodeKey(edge.toKind, edge.toId);

export type TWalk = {
  /** Node key → distance from the root (negative: upstream). */
  distances: Map<string, number>;
  edges: TRawEdge[];
  /** Nodes with neighbours beyond the walk, each way. */
  more: Map<string, { upstream: boolean; downstream: boolean }>;
};

/**
 * Breadth-first from `root`, `depth` edges upstream and/or downstream at the artifact level. Upstream walks only
 * follow edges into the root's ancestors, downstream only into its descendants (a sibling view of the root's group
 * is not its lineage). Returns every edge (artifact and column level) between two nodes of the walk that lies on
 * one of those paths.
 */
export const walkLineage = ({
  edges,
  root,
  depth,
  direction,
}: {
  edges: readonly TRawEdge[];
  root: string;
  depth: number;
  direction: "both" | "upstream" | "downstream";
}): TWalk => {
  const outgoing = new Map<string, Set<string>>();
  const incoming = new Map<string, Set<string>>();
  const link = (map: Map<string, Set<string>>, a: string, b: string) => {
    const set = map.get(a) ?? new Set<string>();
    set.add(b);
    map.set(a, set);
  };
  for (const edge of edges) {
    link(outgoing, fromKey(edge), toKey(edge));
    link(incoming, toKey(edge), fromKey(edge));
  }
  const distances = new Map<string, number>([[root, 0]]);
  const walk = (next: Map<string, Set<string>>, sign: 1 | -1) => {
    let frontier = [root];
    for (let level = 1; level <= depth && frontier.length; level += 1) {
      const following: string[] = [];
      for (const key of frontier)
        for (const neighbour of next.get(key) ?? []) {
          if (distances.has(neighbour)) continue;
          distances.set(neighbour, sign * level);
          following.push(neighbour);
        }
      frontier = following;
    }
  };
  if (direction !== "downstream") walk(incoming, -1);
  if (direction !== "upstream") walk(outgoing, 1);
  const inWalk = (edge: TRawEdge) => {
    const from = distances.get(fromKey(edge));
    const to = distances.get(toKey(edge));
    // On a path away from the root: one step further from it (upstream: the source is one step further up).
    return from !== undefined && to !== undefined && to - from === 1 && (to <= 0 || from >= 0);
  };
  const more = new Map<string, { upstream: boolean; downstream: boolean }>();
  for (const key of distances.keys())
    more.set(key, {
      upstream: [...(incoming.get(key) ?? [])].some((other) => !distances.has(other)),
      downstream: [...(outgoing.get(key) ?? [])].some((other) => !distances.has(other)),
    });
  return { distances, edges: edges.filter(inWalk), more };
};

/** A PII origin: a feature (or every feature of a group, column '*') tagged `pii`, named `<group>.<feature>`. */
export type TPiiOrigin = { kind: string; id: string; column: string; source: string };

export type TPiiReach = {
  /** Column key (see `piiOfColumn`) → sources. */
  columns: Map<string, Set<string>>;
  /** Node key → sources reaching the node (its columns, or what flows into a column-less node). */
  nodes: Map<string, Set<string>>;
};

/**
 * Carries PII from its origins along column edges, downstream, stopping at de-identifying edges. Nodes without
 * column edges between them (a model reading a dataset) receive the upstream node's PII over the artifact edge,
 * unless that edge is de-identifying. `origins` with column '*' mark every column the node has edges from.
 */
export const propagatePii = ({
  edges,
  origins,
}: {
  edges: readonly TRawEdge[];
  origins: readonly TPiiOrigin[];
}): TPiiReach => {
  const columns = new Map<string, Set<string>>();
  const nodes = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, sources: Iterable<string>) => {
    const set = map.get(key) ?? new Set<string>();
    const before = set.size;
    for (const source of sources) set.add(source);
    map.set(key, set);
    return set.size > before;
  };
  const columnEdgesFrom = new Map<string, TRawEdge[]>();
  const objectEdgesFrom = new Map<string, TRawEdge[]>();
  const pairsWithColumns = new Set<string>();
  for (const edge of edges) {
    if (edge.fromColumn && edge.toColumn) {
      const key = columnKey(edge.fromKind, edge.fromId, edge.fromColumn);
      columnEdgesFrom.set(key, [...(columnEdgesFrom.get(key) ?? []), edge]);
      pairsWithColumns.add(`${fromKey(edge)}>${toKey(edge)}`);
    } else if (!edge.fromColumn && !edge.toColumn) {
      objectEdgesFrom.set(fromKey(edge), [...(objectEdgesFrom.get(fromKey(edge)) ?? []), edge]);
    }
  }
  // Whole-group tags: every column of the group that has an edge out of it.
  const expanded = origins.flatMap((origin) =>
    origin.column !== "*"
      ? [origin]
      : edges
          .filter((edge) => edge.fromKind === origin.kind && edge.fromId === origin.id && edge.fromColumn)
          .map((edge) => ({ ...origin, column: edge.fromColumn })),
  );
  const columnWork: { kind: string; id: string; column: string }[] = [];
  for (const origin of expanded) {
    add(columns, columnKey(origin.kind, origin.id, origin.column), [origin.source]);
    add(nodes, nodeKey(origin.kind, origin.id), [origin.source]);
    columnWork.push(origin);
  }
  for (const origin of origins.filter((o) => o.column === "*"))
    add(nodes, nodeKey(origin.kind, origin.id), [origin.source]);
  while (columnWork.length) {
    const at = columnWork.pop()!;
    const sources = columns.get(columnKey(at.kind, at.id, at.column))!;
    for (const edge of columnEdgesFrom.get(columnKey(at.kind, at.id, at.column)) ?? []) {
      if (edge.deidentifying) continue;
      add(nodes, toKey(edge), sources);
      if (add(columns, columnKey(edge.toKind, edge.toId, edge.toColumn), sources))
        columnWork.push({ kind: edge.toKind, id: edge.toId, column: edge.toColumn });
    }
  }
  // Column-less hops (dataset → model): carry the node's PII over artifact edges with no column edges beside them.
  const nodeWork = [...nodes.keys()];
  while (nodeWork.length) {
    const at = nodeWork.pop()!;
    for (const edge of objectEdgesFrom.get(at) ?? []) {
      if (edge.deidentifying || pairsWithColumns.has(`${at}>${toKey(edge)}`)) continue;
      if (add(nodes, toKey(edge), nodes.get(at)!)) nodeWork.push(toKey(edge));
    }
  }
  return { columns, nodes };
};

export const piiOfColumn = (reach: TPiiReach, kind: string, id: string, column: string): string[] =>
  [...(reach.columns.get(columnKey(kind, id, column)) ?? [])].sort();

// The column edges between two nodes, by `from>to`, built once per edge list (piiOfEdge is called for each edge).
const columnEdgesByPair = new WeakMap<readonly TRawEdge[], Map<string, TRawEdge[]>>();
const columnEdgesBetween = (edges: readonly TRawEdge[], pair: string) => {
  let index = columnEdgesByPair.get(edges);
  if (!index) {
    index = new Map();
    for (const other of edges) {
      if (!other.fromColumn || other.deidentifying) continue;
      const key = `${fromKey(other)}>${toKey(other)}`;
      index.set(key, [...(index.get(key) ?? []), other]);
    }
    columnEdgesByPair.set(edges, index);
  }
  return index.get(pair) ?? [];
};

/** The PII an edge carries: its source column's (column edge), or what crosses between the two nodes. */
export const piiOfEdge = (reach: TPiiReach, edge: TRawEdge, edges: readonly TRawEdge[]): string[] => {
  if (edge.deidentifying) return [];
  if (edge.fromColumn) return piiOfColumn(reach, edge.fromKind, edge.fromId, edge.fromColumn);
  const columnEdges = columnEdgesBetween(edges, `${fromKey(edge)}>${toKey(edge)}`);
  if (!columnEdges.length) return [...(reach.nodes.get(fromKey(edge)) ?? [])].sort();
  return [
    ...new Set(columnEdges.flatMap((other) => piiOfColumn(reach, other.fromKind, other.fromId, other.fromColumn))),
  ].sort();
};

/** Would adding `parent → child` close a cycle? (Is `child` already upstream of, or equal to, `parent`.) */
export const closesCycle = ({
  edges,
  parent,
  child,
}: {
  edges: readonly TRawEdge[];
  parent: string;
  child: string;
}) => {
  if (parent === child) return true;
  const upstream = walkLineage({ edges, root: parent, depth: Number.MAX_SAFE_INTEGER, direction: "upstream" });
  return upstream.distances.has(child);
};
