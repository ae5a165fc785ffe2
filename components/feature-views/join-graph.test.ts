import { describe, expect, it } from "vitest";
import type { TFeatureView } from "@/lib/api/feature-views";
import { buildJoinGraph } from "./join-graph";
import { layoutJoinGraph, NODE_WIDTH } from "./join-graph-layout";

const group = (name: string) => ({ id: `fg_${name}`, name, version: 1 });
const feature = (name: string, joinAlias: string) => ({
  name,
  type: "double" as const,
  sourceFeature: name,
  featureGroup: group(joinAlias),
  joinAlias,
  isLabel: false,
  isServingKey: false,
  transformation: null,
  onDemandExpression: null,
  trainingOnly: false,
  inferenceOnly: false,
});

// transactions ← cards (star), cards ← banks (snowflake on cards.bank_id), transactions ← merchants (prefixed).
const view: Pick<TFeatureView, "root" | "joins" | "features" | "servingKeys"> = {
  root: { alias: "transactions", featureGroup: group("transactions"), eventTime: "event_time" },
  joins: [
    {
      alias: "cards",
      featureGroup: group("card_profiles"),
      left: "transactions",
      leftOn: ["card_id"],
      rightOn: ["card_id"],
      prefix: "",
    },
    {
      alias: "banks",
      featureGroup: group("banks"),
      left: "cards",
      leftOn: ["bank_id"],
      rightOn: ["id"],
      prefix: "bank_",
    },
    {
      alias: "merchants",
      featureGroup: group("merchant_aggregates"),
      left: "transactions",
      leftOn: ["merchant_id", "region"],
      rightOn: ["merchant_id", "region"],
      prefix: "merchant_",
    },
  ],
  features: [
    feature("amount", "transactions"),
    feature("is_fraud", "transactions"),
    feature("credit_limit", "cards"),
    feature("bank_rating", "banks"),
  ],
  servingKeys: [
    {
      name: "transaction_id",
      type: "bigint",
      featureGroup: { name: "transactions", version: 1 },
      joinAlias: "transactions",
    },
  ],
};

describe("buildJoinGraph", () => {
  const graph = buildJoinGraph(view);

  it("makes one node per group, with depth by join path (snowflake one deeper)", () => {
    expect(graph.nodes.map((node) => [node.id, node.role, node.depth])).toEqual([
      ["transactions", "root", 0],
      ["cards", "join", 1],
      ["banks", "join", 2],
      ["merchants", "join", 1],
    ]);
  });

  it("lists each group's key columns: serving keys and left keys on the left, right keys on the joined side", () => {
    const keys = Object.fromEntries(graph.nodes.map((node) => [node.id, node.keyColumns]));
    expect(keys).toEqual({
      transactions: ["transaction_id", "card_id", "merchant_id", "region"],
      cards: ["card_id", "bank_id"],
      banks: ["id"],
      merchants: ["merchant_id", "region"],
    });
  });

  it("draws edges from the left side, labelled with the key pairs", () => {
    expect(graph.edges.map((edge) => [edge.source, edge.target, edge.label, edge.prefix])).toEqual([
      ["transactions", "cards", "card_id", ""],
      ["cards", "banks", "bank_id = id", "bank_"],
      ["transactions", "merchants", "merchant_id, region", "merchant_"],
    ]);
  });

  it("counts the output features each group contributes", () => {
    expect(graph.nodes.map((node) => node.featureCount)).toEqual([2, 1, 1, 0]);
  });

  it("is a single root node for a view without joins", () => {
    const single = buildJoinGraph({ ...view, joins: [] });
    expect(single.nodes).toHaveLength(1);
    expect(single.edges).toEqual([]);
  });
});

describe("layoutJoinGraph", () => {
  const layout = layoutJoinGraph(buildJoinGraph(view));
  const at = (id: string) => layout.nodes.find((node) => node.id === id)!;

  it("places groups in columns by join depth, left to right", () => {
    expect(at("transactions").x).toBe(0);
    expect(at("cards").x).toBe(at("merchants").x);
    expect(at("cards").x).toBeGreaterThanOrEqual(NODE_WIDTH);
    expect(at("banks").x).toBeGreaterThan(at("cards").x);
  });

  it("stacks a column's nodes without overlap, in declaration order", () => {
    expect(at("merchants").y).toBeGreaterThanOrEqual(at("cards").y + at("cards").height);
  });

  it("centres shorter columns and reports the bounding size", () => {
    const root = at("transactions");
    expect(root.y + root.height / 2).toBeCloseTo(layout.height / 2);
    expect(layout.width).toBe(at("banks").x + NODE_WIDTH);
    for (const node of layout.nodes) expect(node.y + node.height).toBeLessThanOrEqual(layout.height + 1e-9);
  });
});
