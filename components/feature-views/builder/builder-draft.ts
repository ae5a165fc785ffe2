import type { TFeatureGroup } from "@/lib/api/feature-groups";
import {
  COMPARISON_OPS,
  type TCreateFeatureView,
  type TFilter,
  type TTransformationType,
} from "@/lib/api/feature-views";

// The feature-view builder's editable state and its translation to the CreateFeatureView request. Pure:
// the page holds a TBuilderDraft, the editors change parts of it, toCreateRequest makes the body.

export type TGroupRef = { name: string; version: number };
export type TJoinDraft = {
  key: string;
  featureGroup: TGroupRef;
  alias: string;
  /** Set once the user types an alias; until then the alias follows the chosen feature group. */
  isAliasEdited?: boolean;
  left: string;
  leftOn: string[];
  rightOn: string[];
  prefix: string;
  selected: string[];
};
export const FILTER_OPS = [...COMPARISON_OPS, "in", "not_in", "is_null", "is_not_null"] as const;
type TFilterOp = (typeof FILTER_OPS)[number];
export type TFilterDraft =
  | { key: string; kind: "group"; combinator: "and" | "or"; children: TFilterDraft[] }
  | { key: string; kind: "condition"; feature: string; op: TFilterOp; value: string };
export type TOnDemandDraft = { key: string; name: string; expression: string; description: string };
export type THelperUse = "both" | "training" | "inference";

export type TBuilderDraft = {
  name: string;
  description: string;
  root: { featureGroup: TGroupRef | null; selected: string[] };
  joins: TJoinDraft[];
  labels: string[];
  filter: TFilterDraft | null;
  transformations: Record<string, TTransformationType>;
  onDemand: TOnDemandDraft[];
  helpers: Record<string, THelperUse>;
};

let draftKeySequence = 0;
export const newDraftKey = (): string => `draft-${++draftKeySequence}`;

export const emptyDraft = (): TBuilderDraft => ({
  name: "",
  description: "",
  root: { featureGroup: null, selected: [] },
  joins: [],
  labels: [],
  filter: null,
  transformations: {},
  onDemand: [],
  helpers: {},
});

export const refKey = (ref: TGroupRef): string => `${ref.name}@${ref.version}`;
export type TGroupLookup = (ref: TGroupRef | null) => TFeatureGroup | undefined;

export const rootAlias = (draft: TBuilderDraft): string => draft.root.featureGroup?.name ?? "root";

/** The features of a joined group that "all" would select: everything but its join keys and event time. */
export const joinSelectable = (group: TFeatureGroup, rightOn: string[]): string[] =>
  group.features.map((feature) => feature.name).filter((name) => !rightOn.includes(name));
const joinDefaultSelection = (group: TFeatureGroup, rightOn: string[]): string[] =>
  joinSelectable(group, rightOn).filter((name) => name !== group.eventTime);

/** The group's name, or name_2, name_3… when the root or another join already uses it. */
const freeAlias = (draft: TBuilderDraft, groupName: string, exceptKey?: string): string => {
  const taken = new Set([
    rootAlias(draft),
    ...draft.joins.filter((join) => join.key !== exceptKey).map((join) => join.alias),
  ]);
  let alias = groupName;
  for (let suffix = 2; taken.has(alias); suffix += 1) alias = `${groupName}_${suffix}`;
  return alias;
};

/** A new join with the doc's defaults: rightOn = the group's primary key, leftOn = the same names, from the root. */
export const newJoinDraft = (draft: TBuilderDraft, group: TFeatureGroup): TJoinDraft => {
  return {
    key: newDraftKey(),
    featureGroup: { name: group.name, version: group.version },
    alias: freeAlias(draft, group.name),
    left: rootAlias(draft),
    leftOn: [...group.primaryKey],
    rightOn: [...group.primaryKey],
    prefix: "",
    selected: joinDefaultSelection(group, group.primaryKey),
  };
};

/** The join switched to another feature group: keys and features reset to its defaults, and an alias the user
 * has not typed follows the new group's name (else the section, key labels, preview and saved view keep the old). */
export const withJoinGroup = (draft: TBuilderDraft, join: TJoinDraft, group: TFeatureGroup): TJoinDraft => ({
  ...join,
  featureGroup: { name: group.name, version: group.version },
  alias: join.isAliasEdited ? join.alias : freeAlias(draft, group.name, join.key),
  leftOn: [...group.primaryKey],
  rightOn: [...group.primaryKey],
  selected: joinDefaultSelection(group, group.primaryKey),
});

/** Replaces one join; later joins that were joined to its old alias follow the new one. */
export const replaceJoin = (draft: TBuilderDraft, next: TJoinDraft): TJoinDraft[] => {
  const previous = draft.joins.find((join) => join.key === next.key);
  return draft.joins.map((join) => {
    if (join.key === next.key) return next;
    return previous && previous.alias !== next.alias && join.left === previous.alias
      ? { ...join, left: next.alias }
      : join;
  });
};

const parseScalar = (text: string, type: string | undefined): string | number | boolean => {
  const trimmed = text.trim();
  if (type && ["int", "bigint", "float", "double"].includes(type) && trimmed !== "" && !Number.isNaN(Number(trimmed)))
    return Number(trimmed);
  if (type === "boolean" && (trimmed === "true" || trimmed === "false")) return trimmed === "true";
  return trimmed;
};

const filterOf = (draft: TFilterDraft, typeOf: (feature: string) => string | undefined): TFilter => {
  if (draft.kind === "group")
    return draft.combinator === "and"
      ? { and: draft.children.map((child) => filterOf(child, typeOf)) }
      : { or: draft.children.map((child) => filterOf(child, typeOf)) };
  const type = typeOf(draft.feature);
  if (draft.op === "is_null" || draft.op === "is_not_null") return { feature: draft.feature, op: draft.op };
  if (draft.op === "in" || draft.op === "not_in")
    return {
      feature: draft.feature,
      op: draft.op,
      values: draft.value
        .split(",")
        .map((value) => parseScalar(value, type))
        .filter((value) => value !== ""),
    };
  return { feature: draft.feature, op: draft.op, value: parseScalar(draft.value, type) };
};

/** The request body. Indexes of transformations and helper columns follow `outputNames`, so 422 paths map back. */
export const toCreateRequest = ({
  draft,
  lookup,
  outputNames,
  typeOf,
}: {
  draft: TBuilderDraft;
  lookup: TGroupLookup;
  outputNames: string[];
  typeOf: (feature: string) => string | undefined;
}): TCreateFeatureView => {
  const rootGroup = lookup(draft.root.featureGroup);
  const rootAll = rootGroup && rootGroup.features.every((feature) => draft.root.selected.includes(feature.name));
  const inOutput = (name: string) => outputNames.includes(name);
  return {
    name: draft.name.trim(),
    description: draft.description,
    root: {
      featureGroup: draft.root.featureGroup ?? { name: "", version: 1 },
      features: rootAll ? "all" : draft.root.selected,
    },
    joins: draft.joins.map((join) => ({
      featureGroup: join.featureGroup,
      alias: join.alias,
      left: join.left,
      leftOn: join.leftOn,
      rightOn: join.rightOn,
      ...(join.prefix ? { prefix: join.prefix } : {}),
      features: join.selected,
    })),
    labels: draft.labels,
    filter: draft.filter ? filterOf(draft.filter, typeOf) : null,
    transformations: outputNames
      .filter((name) => draft.transformations[name])
      .map((feature) => ({ feature, type: draft.transformations[feature] })),
    onDemandFeatures: draft.onDemand.map(({ name, expression, description }) => ({
      name: name.trim(),
      expression,
      description,
    })),
    trainingHelperColumns: outputNames.filter((name) => draft.helpers[name] === "training" && inOutput(name)),
    inferenceHelperColumns: outputNames.filter((name) => draft.helpers[name] === "inference" && inOutput(name)),
  };
};
