import type { TFeatureView } from "@/lib/api/feature-views";

// The pure half of the join diagram: a feature view's root and joins as nodes (feature groups with the
// columns they join on) and edges (left side → joined group, labelled with the key pairs). No layout, no React.

export type TJoinGraphNode = {
  id: string;
  alias: string;
  featureGroup: { name: string; version: number };
  role: "root" | "join";
  /** 0 for the root, 1 for groups joined to it (star), 2+ through another join (snowflake). */
  depth: number;
  /** Columns of this group that take part in a join or are serving keys, in first-use order. */
  keyColumns: string[];
  /** Output features this group contributes. */
  featureCount: number;
};

type TJoinGraphEdge = {
  id: string;
  source: string;
  target: string;
  keyPairs: { left: string; right: string }[];
  label: string;
  prefix: string;
};
export type TJoinGraph = { nodes: TJoinGraphNode[]; edges: TJoinGraphEdge[] };

type TJoinGraphInput = Pick<TFeatureView, "root" | "joins" | "features" | "servingKeys">;

const pushUnique = (list: string[], values: string[]) => {
  for (const value of values) if (!list.includes(value)) list.push(value);
};

export const keyPairLabel = (pairs: { left: string; right: string }[]): string =>
  pairs.map(({ left, right }) => (left === right ? left : `${left} = ${right}`)).join(", ");

export const buildJoinGraph = (view: TJoinGraphInput): TJoinGraph => {
  const countByAlias = new Map<string, number>();
  for (const feature of view.features)
    if (feature.joinAlias) countByAlias.set(feature.joinAlias, (countByAlias.get(feature.joinAlias) ?? 0) + 1);
  const root: TJoinGraphNode = {
    id: view.root.alias,
    alias: view.root.alias,
    featureGroup: { name: view.root.featureGroup.name, version: view.root.featureGroup.version },
    role: "root",
    depth: 0,
    keyColumns: view.servingKeys.filter((key) => key.joinAlias === view.root.alias).map((key) => key.name),
    featureCount: countByAlias.get(view.root.alias) ?? 0,
  };
  const byAlias = new Map<string, TJoinGraphNode>([[root.alias, root]]);
  const nodes: TJoinGraphNode[] = [root];
  const edges: TJoinGraphEdge[] = [];
  for (const join of view.joins) {
    const left = byAlias.get(join.left);
    // The API resolves `left` to the root or an earlier join; an unknown one is drawn from the root rather than dropped.
    const parent = left ?? root;
    pushUnique(parent.keyColumns, join.leftOn);
    const node: TJoinGraphNode = {
      id: join.alias,
      alias: join.alias,
      featureGroup: { name: join.featureGroup.name, version: join.featureGroup.version },
      role: "join",
      depth: parent.depth + 1,
      keyColumns: [...new Set(join.rightOn)],
      featureCount: countByAlias.get(join.alias) ?? 0,
    };
    byAlias.set(node.alias, node);
    nodes.push(node);
    const keyPairs = join.leftOn.map((leftColumn, index) => ({
      left: leftColumn,
      right: join.rightOn[index] ?? leftColumn,
    }));
    edges.push({
      id: `${parent.id}->${node.id}`,
      source: parent.id,
      target: node.id,
      keyPairs,
      label: keyPairLabel(keyPairs),
      prefix: join.prefix,
    });
  }
  return { nodes, edges };
};
