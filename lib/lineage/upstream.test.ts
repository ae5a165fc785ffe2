import { describe, expect, it } from "vitest";
import type { TLineageGraph, TLineageNode, TLineageNodeKind } from "../api/lineage";
import { reachesDataSource, upstreamStages } from "./upstream";

const node = (kind: TLineageNodeKind, name: string, distance: number, version: number | null = 1): TLineageNode => ({
  key: `${kind}:${name}`,
  kind,
  id: name,
  name,
  version,
  status: { state: "ok", message: null },
  distance,
  columns: [],
  pii: [],
  more: { upstream: false, downstream: false },
});

const graph = (nodes: TLineageNode[]): TLineageGraph => ({ root: "model:fraud", depth: 6, nodes, edges: [] });

describe("upstreamStages", () => {
  it("orders a model's upstream by lineage stage, parents before derived groups, and leaves itself out", () => {
    const stages = upstreamStages(
      graph([
        node("model", "fraud", 0),
        node("training_dataset", "fraud_model", -1),
        node("feature_view", "fraud_model", -2),
        node("feature_group", "transactions", -3),
        node("feature_group", "card_profiles", -3),
        node("feature_group", "merchant_aggregates", -3),
        node("feature_group", "merchant_risk", -4),
        node("data_source", "merchant_risk_db", -5, null),
        node("model", "other", 1),
      ]),
    );
    expect(stages.map((stage) => [stage.kind, stage.nodes.map((n) => n.name)])).toEqual([
      ["data_source", ["merchant_risk_db"]],
      ["feature_group", ["merchant_risk", "card_profiles", "merchant_aggregates", "transactions"]],
      ["feature_view", ["fraud_model"]],
      ["training_dataset", ["fraud_model"]],
    ]);
    expect(reachesDataSource(stages)).toBe(true);
  });

  it("is empty for an artifact with nothing upstream, and leaves out kinds that have no node", () => {
    expect(upstreamStages(graph([node("model", "fraud", 0)]))).toEqual([]);
    const stages = upstreamStages(graph([node("model", "fraud", 0), node("training_dataset", "td", -1)]));
    expect(stages.map((stage) => stage.kind)).toEqual(["training_dataset"]);
    expect(reachesDataSource(stages)).toBe(false);
  });
});
