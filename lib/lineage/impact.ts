import type { TLineageImpact, TLineageNodeKind } from "../api/lineage";

// Which of an artifact's dependents make its delete a breaking one, as the API decides it (docs/lineage.md "Forced
// delete"): the delete dialogs ask for the force (scope lineage:override) exactly when the API would refuse with 409.

type TDependent = TLineageImpact["dependents"][number];

const BREAKS: Partial<Record<TLineageNodeKind, (dependent: TDependent) => boolean>> = {
  // The views built on the group (a view reading a derived group depends on that group, not on this one).
  feature_group: (dependent) => dependent.kind === "feature_view" && dependent.distance === 1,
  // Its training datasets, and the models trained on it or on them.
  feature_view: (dependent) => dependent.kind === "training_dataset" || dependent.kind === "model",
  training_dataset: (dependent) => dependent.kind === "model",
};

/** The dependents a plain delete of `impact.target` would be refused for (empty: nothing to force). */
export const breakingDependents = (impact: Pick<TLineageImpact, "target" | "dependents">): TDependent[] => {
  const breaks = BREAKS[impact.target.kind];
  return breaks ? impact.dependents.filter(breaks) : [];
};
