import "server-only";
import { db } from "../db/client";
import { InvalidInputError, type TFieldIssue } from "../errors";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere } from "../access-where";
import { assertValidCron } from "../jobs";
import {
  CATEGORICAL_ONLY_METRICS,
  NUMERIC_ONLY_METRICS,
  type TCreateMonitor,
  type TMonitorSpec,
} from "@/lib/api/monitoring";
import type { TFeatureType } from "../offline";

// A monitor's target and spec, checked whole before anything is written (monitors.ts): every issue as a field of
// the request body (422).

const NUMERIC_TYPES = new Set(["int", "bigint", "float", "double"]);
const CATEGORICAL_TYPES = new Set(["string", "boolean"]);
export type TFeatureKind = "numeric" | "categorical";
export const featureKindOf = (type: string): TFeatureKind | null =>
  NUMERIC_TYPES.has(type) ? "numeric" : CATEGORICAL_TYPES.has(type) ? "categorical" : null;

export type TTarget =
  | { kind: "featureGroup"; id: string; name: string; version: number; types: Map<string, string>; eventTime: boolean }
  | { kind: "featureView"; id: string; name: string; version: number; types: Map<string, string>; eventTime: boolean };

export const resolveTarget = async (projectId: string, target: TCreateMonitor["target"]): Promise<TTarget> => {
  if ("featureGroup" in target) {
    const group = await db.featureGroup.findFirst({
      where: { ...featureGroupWhere({ projectId, intent: "read" }), ...target.featureGroup },
      include: { features: true },
    });
    if (!group)
      throw new InvalidInputError("Unknown feature group", [
        {
          path: "target.featureGroup",
          message: `no feature group '${target.featureGroup.name}' version ${target.featureGroup.version}`,
        },
      ]);
    return {
      kind: "featureGroup",
      id: group.id,
      name: group.name,
      version: group.version,
      types: new Map(group.features.map((feature) => [feature.name, feature.type])),
      eventTime: group.eventTime !== null,
    };
  }
  const view = await db.featureView.findFirst({
    where: { ...featureViewWhere({ projectId, intent: "read" }), ...target.featureView },
  });
  if (!view)
    throw new InvalidInputError("Unknown feature view", [
      {
        path: "target.featureView",
        message: `no feature view '${target.featureView.name}' version ${target.featureView.version}`,
      },
    ]);
  const plan = view.plan as unknown as {
    featureTypes: [string, TFeatureType][];
    sources: { role: string; eventTime?: string | null }[];
  };
  return {
    kind: "featureView",
    id: view.id,
    name: view.name,
    version: view.version,
    types: new Map(plan.featureTypes),
    eventTime: true,
  };
};

/** Every issue of a spec against its target, as fields of the request body. */
const specIssues = async (projectId: string, target: TTarget, spec: TMonitorSpec): Promise<TFieldIssue[]> => {
  const issues: TFieldIssue[] = [];
  const seen = new Set<string>();
  spec.features.forEach((feature, index) => {
    const type = target.types.get(feature.name);
    if (type === undefined) {
      issues.push({
        path: `features.${index}.name`,
        message: `'${feature.name}' is not a feature of ${target.name} v${target.version}`,
      });
      return;
    }
    if (seen.has(feature.name))
      issues.push({ path: `features.${index}.name`, message: `'${feature.name}' is listed twice` });
    seen.add(feature.name);
    const kind = featureKindOf(type);
    if (!kind) {
      issues.push({
        path: `features.${index}.name`,
        message: `a ${type} feature cannot be monitored (numbers, strings and booleans can)`,
      });
      return;
    }
    feature.metrics.forEach((metric, metricIndex) => {
      const wrong =
        (kind === "categorical" && NUMERIC_ONLY_METRICS.includes(metric.metric)) ||
        (kind === "numeric" && CATEGORICAL_ONLY_METRICS.includes(metric.metric));
      if (wrong)
        issues.push({
          path: `features.${index}.metrics.${metricIndex}.metric`,
          message: `${metric.metric} does not apply to a ${type} feature`,
        });
    });
  });
  if (spec.detection.kind === "commits" && target.kind === "featureView")
    issues.push({ path: "detection.kind", message: "a feature view has no commits: use a rolling window" });
  if (spec.detection.kind === "servedVectors" && target.kind !== "featureView")
    issues.push({ path: "detection.kind", message: "only a feature view serves vectors: use a rolling window" });
  if (spec.detection.kind === "rolling" && !target.eventTime)
    issues.push({ path: "detection.kind", message: "the feature group has no event time: use the last N commits" });
  const reference = spec.reference;
  if (reference.kind === "fixedWindow" && new Date(reference.end).getTime() <= new Date(reference.start).getTime())
    issues.push({ path: "reference.end", message: "the window ends before (or when) it starts" });
  if ((reference.kind === "fixedWindow" || reference.kind === "previousWindow") && !target.eventTime)
    issues.push({ path: "reference.kind", message: "windows need an event time" });
  if (reference.kind === "previousWindow" && spec.detection.kind !== "rolling")
    issues.push({ path: "reference.kind", message: "the previous window follows a rolling detection window" });
  if (reference.kind === "trainingDataset") {
    const dataset = await db.trainingDataset.findFirst({
      where: {
        ...trainingDatasetWhere({ projectId, intent: "read" }),
        name: reference.name,
        version: reference.version,
      },
      include: { splits: true },
    });
    if (!dataset)
      issues.push({
        path: "reference.name",
        message: `no training dataset '${reference.name}' version ${reference.version}`,
      });
    else {
      if (!dataset.splits.some((split) => split.name === reference.split))
        issues.push({ path: "reference.split", message: `the dataset has no split '${reference.split}'` });
      const columns = new Set((dataset.columns as { name: string }[]).map((column) => column.name));
      spec.features.forEach((feature, index) => {
        if (!columns.has(feature.name))
          issues.push({
            path: `features.${index}.name`,
            message: `'${feature.name}' is not a column of the training dataset`,
          });
      });
    }
  }
  if (reference.kind === "fixedValues") {
    for (const name of Object.keys(reference.values))
      if (!spec.features.some((feature) => feature.name === name))
        issues.push({ path: `reference.values.${name}`, message: "is not a monitored feature" });
    for (const feature of spec.features) {
      const values = reference.values[feature.name];
      const kind = featureKindOf(target.types.get(feature.name) ?? "");
      if (!values)
        issues.push({ path: `reference.values.${feature.name}`, message: "is required for every monitored feature" });
      else if (kind === "numeric" && values.some((value) => typeof value !== "number"))
        issues.push({ path: `reference.values.${feature.name}`, message: "must be numbers" });
    }
  }
  return issues;
};

export const assertValid = async (projectId: string, target: TTarget, spec: TMonitorSpec, cron: string | null) => {
  const issues = await specIssues(projectId, target, spec);
  if (cron !== null) {
    try {
      assertValidCron({ cron, field: "cron" });
    } catch (error) {
      if (error instanceof InvalidInputError) issues.push(...error.issues);
      else throw error;
    }
  }
  if (issues.length) throw new InvalidInputError("Invalid monitor", issues);
};
