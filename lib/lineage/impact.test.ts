import { describe, expect, it } from "vitest";
import type { TLineageImpact } from "../api/lineage";
import { breakingDependents } from "./impact";

// The delete dialogs ask for a forced delete exactly when the API would refuse the plain one (docs/lineage.md).

const dependent = (kind: TLineageImpact["dependents"][number]["kind"], name: string, distance: number) => ({
  kind,
  id: name,
  name,
  version: 1,
  distance,
  recentReads: 0,
  servedVectors: 0,
});
const target = (kind: TLineageImpact["target"]["kind"]) => ({ kind, id: "t", name: "t", version: 1, servedVectors: 0 });
const names = (impact: Pick<TLineageImpact, "target" | "dependents">) => breakingDependents(impact).map((d) => d.name);

describe("breakingDependents", () => {
  const chain = [
    dependent("feature_group", "derived", 1),
    dependent("feature_view", "fraud", 1),
    dependent("feature_view", "on_derived", 2),
    dependent("training_dataset", "fraud_td", 2),
    dependent("model", "fraud_model", 3),
  ];

  it.each([
    ["feature_group", chain, ["fraud"]],
    ["feature_group", [dependent("feature_group", "derived", 1), dependent("feature_view", "on_derived", 2)], []],
    ["feature_view", [dependent("training_dataset", "td", 1), dependent("model", "m", 2)], ["td", "m"]],
    ["training_dataset", [dependent("model", "m", 1)], ["m"]],
    ["model", [], []],
  ] as const)("a %s with %j breaks %j", (kind, dependents, expected) => {
    expect(names({ target: target(kind), dependents: [...dependents] })).toEqual(expected);
  });
});
