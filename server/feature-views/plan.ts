import "server-only";
import {
  NUMERIC_TRANSFORMATIONS,
  type TCreateFeatureViewParsed,
  type TFeatureSelection,
  type TTransformationType,
} from "@/lib/api/feature-views";
import type { TFeatureType } from "@/lib/api/feature-groups";
import type { TProjectAccess } from "../principal";
import { InvalidInputError, type TFieldIssue } from "../errors";
import { resolveReadableFeatureGroup, type TReadableFeatureGroup } from "./access";
import { checkExpression, exprTypeOfFeatureType, featureTypeOfExprType, type TExprType } from "./expression/check";
import { ExpressionError, parseExpression } from "./expression/parse";
import { validateFilter } from "./filters";
import type { TEventTimeType } from "./pit-join";

// Resolves a create-feature-view request against the registry into a plan: the sources (root + joins with
// their keys), the output features, the serving keys. Every problem becomes a 422 issue with its path.

type TPlanColumn = { source: string; output: string; type: TFeatureType };
export type TPlanSource = {
  alias: string;
  role: "root" | "join";
  featureGroupId: string;
  name: string;
  version: number;
  primaryKey: string[];
  eventTime: { column: string; type: TEventTimeType } | null;
  ttlSeconds: number | null;
  left: string | null;
  leftOn: string[];
  rightOn: string[];
  prefix: string;
  columns: TPlanColumn[];
};
type TPlanOnDemand = { name: string; expression: string; description: string; type: TFeatureType };
export type TFeatureViewPlan = {
  sources: TPlanSource[];
  servingKeys: { name: string; type: TFeatureType; alias: string }[];
  labels: string[];
  onDemand: TPlanOnDemand[];
  transformations: { feature: string; type: TTransformationType }[];
  requestParameters: { name: string; type: string }[];
  trainingHelperColumns: string[];
  inferenceHelperColumns: string[];
  /** Output feature → type, stored and on-demand, in output order. */
  featureTypes: [string, TFeatureType][];
};

const NUMERIC_TYPES: readonly string[] = ["int", "bigint", "float", "double"];
// Join keys compare by value: int and bigint are one class; every other type must match exactly.
const keyClass = (type: string) => (type === "int" || type === "bigint" ? "integer" : type);

const selectColumns = ({
  group,
  selection,
  excluded,
  path,
  issues,
}: {
  group: TReadableFeatureGroup;
  selection: TFeatureSelection;
  excluded: Set<string>;
  path: string;
  issues: TFieldIssue[];
}): string[] => {
  const names = new Set(group.features.map((feature) => feature.name));
  const check = (list: string[], listPath: string) =>
    list.forEach((name, index) => {
      if (!names.has(name))
        issues.push({
          path: `${listPath}.${index}`,
          message: `'${name}' is not a feature of ${group.name} v${group.version}`,
        });
    });
  if (selection === "all") return group.features.map((feature) => feature.name).filter((name) => !excluded.has(name));
  if (Array.isArray(selection)) {
    check(selection, path);
    return selection.filter((name) => names.has(name));
  }
  check(selection.except, `${path}.except`);
  return group.features
    .map((feature) => feature.name)
    .filter((name) => !excluded.has(name) && !selection.except.includes(name));
};

export const planFeatureView = async ({
  access,
  spec,
}: {
  access: TProjectAccess;
  spec: TCreateFeatureViewParsed;
}): Promise<TFeatureViewPlan> => {
  const issues: TFieldIssue[] = [];
  const fail = () => {
    if (issues.length) throw new InvalidInputError("The feature view definition is invalid", issues);
  };
  const refs = [
    { ref: spec.root.featureGroup, path: "root.featureGroup" },
    ...spec.joins.map((join, index) => ({ ref: join.featureGroup, path: `joins.${index}.featureGroup` })),
  ];
  const groups = await Promise.all(refs.map(({ ref }) => resolveReadableFeatureGroup({ access, ref })));
  groups.forEach((group, index) => {
    if (!group)
      issues.push({
        path: refs[index].path,
        message: `Feature group '${refs[index].ref.name}' version ${refs[index].ref.version} not found`,
      });
  });
  fail();
  const typeOf = (group: TReadableFeatureGroup, column: string) =>
    group.features.find((feature) => feature.name === column)?.type as TFeatureType | undefined;
  const eventTimeOf = (group: TReadableFeatureGroup) =>
    group.eventTime ? { column: group.eventTime, type: typeOf(group, group.eventTime) as TEventTimeType } : null;

  const root = groups[0]!;
  if (!root.eventTime)
    issues.push({
      path: "root.featureGroup",
      message: `${root.name} v${root.version} has no event time; the root group's event time is the label time of the point-in-time join`,
    });
  const rootAlias = spec.root.alias ?? root.name;
  const sources: (TPlanSource & { group: TReadableFeatureGroup })[] = [];
  const outputOwner = new Map<string, string>();
  const claim = (columns: TPlanColumn[], alias: string, path: string) => {
    for (const column of columns) {
      const owner = outputOwner.get(column.output);
      if (owner)
        issues.push({
          path,
          message: `output column '${column.output}' also comes from '${owner}'; select fewer features or set a prefix`,
        });
      else outputOwner.set(column.output, alias);
    }
  };
  const rootColumns = selectColumns({
    group: root,
    selection: spec.root.features,
    excluded: new Set(),
    path: "root.features",
    issues,
  });
  for (const label of spec.labels) if (!rootColumns.includes(label) && typeOf(root, label)) rootColumns.push(label);
  const rootPlanColumns = rootColumns.map((name) => ({ source: name, output: name, type: typeOf(root, name)! }));
  claim(rootPlanColumns, rootAlias, "root.features");
  sources.push({
    alias: rootAlias,
    role: "root",
    featureGroupId: root.id,
    name: root.name,
    version: root.version,
    primaryKey: root.primaryKey,
    eventTime: eventTimeOf(root),
    ttlSeconds: root.ttlSeconds,
    left: null,
    leftOn: [],
    rightOn: [],
    prefix: "",
    columns: rootPlanColumns,
    group: root,
  });

  spec.joins.forEach((join, index) => {
    const group = groups[index + 1]!;
    const path = `joins.${index}`;
    const alias = join.alias ?? group.name;
    if (sources.some((source) => source.alias === alias))
      return void issues.push({
        path: `${path}.alias`,
        message: `alias '${alias}' is already used; give this join another alias`,
      });
    const leftAlias = join.left ?? rootAlias;
    const left = sources.find((source) => source.alias === leftAlias);
    if (!left)
      return void issues.push({
        path: `${path}.left`,
        message: `'${leftAlias}' is not the root or an earlier join (${sources.map((s) => s.alias).join(", ")})`,
      });
    const rightOn = join.rightOn ?? group.primaryKey;
    const leftOn = join.leftOn ?? rightOn;
    if (leftOn.length !== rightOn.length)
      return void issues.push({
        path: `${path}.leftOn`,
        message: `leftOn has ${leftOn.length} columns, rightOn ${rightOn.length}`,
      });
    leftOn.forEach((column, keyIndex) => {
      const leftType = typeOf(left.group, column);
      const rightType = typeOf(group, rightOn[keyIndex]);
      if (!leftType)
        issues.push({
          path: join.leftOn ? `${path}.leftOn.${keyIndex}` : `${path}.featureGroup`,
          message: `left side '${leftAlias}' has no column '${column}'${join.leftOn ? "" : " (matching the joined group's primary key); give leftOn"}`,
        });
      if (!rightType)
        issues.push({
          path: `${path}.rightOn.${keyIndex}`,
          message: `'${rightOn[keyIndex]}' is not a feature of ${group.name} v${group.version}`,
        });
      if (leftType && rightType && keyClass(leftType) !== keyClass(rightType))
        issues.push({
          path: `${path}.${join.leftOn ? "leftOn" : "featureGroup"}`,
          message: `cannot join ${leftAlias}.${column} (${leftType}) with ${group.name}.${rightOn[keyIndex]} (${rightType}): the types differ`,
        });
    });
    const excluded = new Set([...rightOn, ...(group.eventTime ? [group.eventTime] : [])]);
    const prefix = join.prefix ?? "";
    const columns = selectColumns({ group, selection: join.features, excluded, path: `${path}.features`, issues }).map(
      (name) => ({ source: name, output: `${prefix}${name}`, type: typeOf(group, name)! }),
    );
    claim(columns, alias, `${path}.prefix`);
    sources.push({
      alias,
      role: "join",
      featureGroupId: group.id,
      name: group.name,
      version: group.version,
      primaryKey: group.primaryKey,
      eventTime: eventTimeOf(group),
      ttlSeconds: group.ttlSeconds,
      left: leftAlias,
      leftOn,
      rightOn,
      prefix,
      columns,
      group,
    });
  });
  fail();

  // Serving keys: the root group's primary key. Joins read their left keys from the root row (or, for a
  // snowflake, from the intermediate group's row), so a request needs nothing else (docs/feature-views.md).
  const servingKeys = root.primaryKey.map((name) => ({ name, type: typeOf(root, name)!, alias: rootAlias }));
  spec.labels.forEach((label, index) => {
    if (!typeOf(root, label))
      issues.push({
        path: `labels.${index}`,
        message: `'${label}' is not a feature of the root group ${root.name} v${root.version}`,
      });
    else if (root.primaryKey.includes(label))
      issues.push({
        path: `labels.${index}`,
        message: `'${label}' is a serving key (the root group's primary key) and cannot be a label`,
      });
  });

  const featureTypes = new Map<string, TFeatureType>(
    sources.flatMap((source) => source.columns.map((column) => [column.output, column.type] as [string, TFeatureType])),
  );
  const requestTypes = new Map<string, TExprType>();
  spec.requestParameters.forEach((parameter) =>
    requestTypes.set(parameter.name, exprTypeOfFeatureType(parameter.type)!),
  );
  const exprFeatures = new Map<string, TExprType>();
  for (const [name, type] of featureTypes) {
    const exprType = exprTypeOfFeatureType(type);
    if (exprType) exprFeatures.set(name, exprType);
  }
  const onDemand: TPlanOnDemand[] = [];
  spec.onDemandFeatures.forEach((feature, index) => {
    if (featureTypes.has(feature.name))
      return void issues.push({
        path: `onDemandFeatures.${index}.name`,
        message: `'${feature.name}' is already an output feature`,
      });
    try {
      const type = checkExpression(parseExpression(feature.expression), {
        features: exprFeatures,
        requests: requestTypes,
      });
      onDemand.push({
        name: feature.name,
        expression: feature.expression,
        description: feature.description,
        type: featureTypeOfExprType(type),
      });
      featureTypes.set(feature.name, featureTypeOfExprType(type));
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      issues.push({ path: `onDemandFeatures.${index}.expression`, message: error.message });
    }
  });

  if (spec.filter) issues.push(...validateFilter({ filter: spec.filter, types: featureTypes, basePath: "filter" }));
  const transformed = new Set<string>();
  spec.transformations.forEach((transformation, index) => {
    const type = featureTypes.get(transformation.feature);
    const path = `transformations.${index}`;
    if (!type)
      return void issues.push({
        path: `${path}.feature`,
        message: `'${transformation.feature}' is not a feature of this view`,
      });
    if (transformed.has(transformation.feature))
      issues.push({ path: `${path}.feature`, message: `'${transformation.feature}' already has a transformation` });
    transformed.add(transformation.feature);
    if (NUMERIC_TRANSFORMATIONS.includes(transformation.type) && !NUMERIC_TYPES.includes(type))
      issues.push({
        path: `${path}.type`,
        message: `${transformation.type} needs a numeric feature; '${transformation.feature}' is a ${type}`,
      });
    if (servingKeys.some((key) => key.name === transformation.feature))
      issues.push({
        path: `${path}.feature`,
        message: `'${transformation.feature}' is a serving key; keys are not transformed`,
      });
  });
  for (const [listName, list] of [
    ["trainingHelperColumns", spec.trainingHelperColumns],
    ["inferenceHelperColumns", spec.inferenceHelperColumns],
  ] as const) {
    list.forEach((name, index) => {
      if (!featureTypes.has(name))
        issues.push({ path: `${listName}.${index}`, message: `'${name}' is not a feature of this view` });
      else if (spec.labels.includes(name) || servingKeys.some((key) => key.name === name))
        issues.push({
          path: `${listName}.${index}`,
          message: `'${name}' is a label or serving key, not a helper column`,
        });
    });
  }
  spec.trainingHelperColumns.forEach((name, index) => {
    if (spec.inferenceHelperColumns.includes(name))
      issues.push({
        path: `trainingHelperColumns.${index}`,
        message: `'${name}' cannot be both a training-only and an inference-only column`,
      });
  });
  fail();

  return {
    sources: sources.map(({ group: _group, ...source }) => source),
    servingKeys,
    labels: spec.labels,
    onDemand,
    transformations: spec.transformations,
    requestParameters: spec.requestParameters,
    trainingHelperColumns: spec.trainingHelperColumns,
    inferenceHelperColumns: spec.inferenceHelperColumns,
    featureTypes: [...featureTypes],
  };
};
