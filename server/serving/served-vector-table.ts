import "server-only";
import path from "node:path";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { getDataDir } from "../env";
import type { TFeatureViewPlan } from "../feature-views";

// A feature view's served-vector table (docs/serving-observability.md): where it lives and its columns. Shared by
// the job's runner that writes it and the API that reads it.

export const SERVED_AT_COLUMN = "_served_at";
export const STATUS_COLUMN = "_status";
/**
 * The request's entity keys as JSON (`{"customer_id":"C-1"}`, canonical texts), logged for views whose vectors do
 * not carry every serving key: an erasure finds a person's vectors by it (docs/erasure.md).
 */
export const REQUEST_KEYS_COLUMN = "_request_keys";

/** Does a logged vector of this view need the request's keys beside it (its features lack a serving key)? */
export const logsRequestKeys = (plan: Pick<TFeatureViewPlan, "featureTypes" | "labels" | "servingKeys">) => {
  const labels = new Set(plan.labels);
  const logged = new Set(plan.featureTypes.map(([name]) => name).filter((name) => !labels.has(name)));
  return !plan.servingKeys.every((key) => logged.has(key.name));
};
/** The view's served-vector table: by id, so a view deleted and made again under its name starts a new table. */
export const servedVectorTablePath = ({ projectId, featureViewId }: { projectId: string; featureViewId: string }) =>
  path.join(getDataDir(), "projects", projectId, "served-vectors", featureViewId);

/** The table's columns: when served, the vector's status, then the view's features minus labels (untransformed). */
export const servedVectorColumns = (plan: TFeatureViewPlan): { name: string; type: TFeatureType }[] => {
  const labels = new Set(plan.labels);
  return [
    { name: SERVED_AT_COLUMN, type: "timestamp" as TFeatureType },
    { name: STATUS_COLUMN, type: "string" as TFeatureType },
    ...plan.featureTypes.filter(([name]) => !labels.has(name)).map(([name, type]) => ({ name, type })),
    ...(logsRequestKeys(plan) ? [{ name: REQUEST_KEYS_COLUMN, type: "string" as TFeatureType }] : []),
  ];
};
