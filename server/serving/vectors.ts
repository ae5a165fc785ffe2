import "server-only";
import type { TFeatureType } from "@/lib/api/feature-groups";
import type { TProjectAccess } from "../principal";
import { isValidName } from "@/lib/names";
import { InvalidInputError, NotFoundError } from "../errors";
import { isoFromMicros, type TOnlineStore } from "../online-store";
import { readEntities, type TEntityRead, type TGroupStatus } from "./assemble";
import { buildServingPlan, type TServingPlan, type TServingPlanRequest } from "./plan";
import { createRefreshCache } from "./refresh-cache";
import type { TVectorValue } from "./transform";
import { checkEntities, checkPassedFeatures, parseVectorBody } from "./validate";

// Feature vectors: POST …/feature-views/{name}/{version}/vector(s). Shared by the standalone feature server
// and the console's same-origin route, so both answer identically.

// A plan in use is rebuilt in the background every PLAN_REFRESH_MS, so a new feature view version, a newly
// finished training dataset or a group's schema change is served within seconds without a registry query
// per request; after PLAN_MAX_AGE_MS requests wait (briefly) for a rebuild. While the registry is unreachable a
// plan that was built keeps serving for PLAN_OUTAGE_GRACE_MS more: a plan carries no permission (the key is checked
// on its own), only the view's shape; a change made meanwhile is served once the registry answers again.
const PLAN_REFRESH_MS = 5_000;
const PLAN_MAX_AGE_MS = 60_000;
const PLAN_MAX_ENTRIES = 1_000;
const PLAN_OUTAGE_GRACE_MS = 30 * 60_000;

const planCache = createRefreshCache<TServingPlan>({
  what: "feature view",
  staleIfErrorMs: PLAN_OUTAGE_GRACE_MS,
  refreshMs: PLAN_REFRESH_MS,
  maxAgeMs: PLAN_MAX_AGE_MS,
  maxEntries: PLAN_MAX_ENTRIES,
});

export const clearServingPlanCache = () => planCache.clear();

export const getServingPlan = ({
  projectId,
  name,
  version,
  trainingDataset = null,
}: Omit<TServingPlanRequest, "version"> & { version: string | number }): Promise<TServingPlan> => {
  // Names no view can have are not looked up (NUL and other text the registry cannot even compare).
  if (!isValidName(name))
    return Promise.reject(
      new NotFoundError("Feature view not found (names are lowercase letters, digits and underscores)"),
    );
  if (trainingDataset && !isValidName(trainingDataset.name))
    return Promise.reject(
      new InvalidInputError("Unknown training dataset", [
        { path: "options.trainingDataset", message: "is not a training dataset of this feature view" },
      ]),
    );
  const parsed = version === "latest" ? "latest" : Number(version);
  if (parsed !== "latest" && (!Number.isInteger(parsed) || parsed < 1))
    return Promise.reject(new NotFoundError(`Feature view '${name}' version '${version}' not found`));
  const key = `${projectId}\n${name}\n${parsed}\n${trainingDataset ? `${trainingDataset.name}\n${trainingDataset.version}` : ""}`;
  return planCache.get(key, () => buildServingPlan({ projectId, name, version: parsed, trainingDataset }));
};

export type TServingTrace = { plan?: TServingPlan; reads?: TEntityRead[] };

type TVectorStatus = "COMPLETE" | "MISSING" | "ERROR";
export type TVectorResult = {
  vector: TVectorValue[];
  status: TVectorStatus;
  features?: { name: string; type: TFeatureType }[];
  inferenceHelpers?: Record<string, unknown>;
  featureGroups: { name: string; version: number; status: TGroupStatus; eventTime: string | null }[];
  error?: string;
};

const toVectorResult = (plan: TServingPlan, read: TEntityRead, includeMetadata: boolean): TVectorResult => {
  const vector: TVectorValue[] = new Array(plan.vectorColumns.length);
  plan.vectorColumns.forEach((column, index) => {
    const value = read.values[column.feature] ?? null;
    vector[index] = column.compute ? column.compute(value) : (value as TVectorValue);
  });
  const missing = read.groups.some((group) => group.status !== "PRESENT");
  const result: TVectorResult = {
    vector,
    status: read.error ? "ERROR" : missing ? "MISSING" : "COMPLETE",
    featureGroups: plan.sources.map((source, index) => ({
      name: source.name,
      version: source.version,
      status: read.groups[index].status,
      eventTime: read.groups[index].eventTimeUs === null ? null : isoFromMicros(read.groups[index].eventTimeUs!),
    })),
  };
  if (includeMetadata) result.features = plan.vectorColumns.map((column) => ({ name: column.name, type: column.type }));
  if (plan.inferenceHelpers.length)
    result.inferenceHelpers = Object.fromEntries(
      plan.inferenceHelpers.map((name) => [name, read.values[name] ?? null]),
    );
  if (read.error) result.error = read.error;
  return result;
};

/**
 * Answers a vector (batch = false) or vectors (batch = true) request body for a project the caller may read.
 * Throws domain errors (404 view, 409 not servable, 413 batch, 422 naming the field).
 */
export const serveVectors = async ({
  access,
  name,
  version,
  body,
  batch,
  store,
  maxBatch,
  trace,
}: {
  access: Pick<TProjectAccess, "project">;
  name: string;
  version: string | number;
  body: unknown;
  batch: boolean;
  store: TOnlineStore;
  maxBatch: number;
  /** Filled as the request goes (the plan once resolved, the reads once answered) for serving observability. */
  trace?: TServingTrace;
}) => {
  const request = parseVectorBody({ body, batch, maxBatch });
  const plan = await getServingPlan({
    projectId: access.project.id,
    name,
    version,
    trainingDataset: request.options.trainingDataset,
  });
  if (trace) trace.plan = plan;
  const keys = checkEntities({
    plan,
    entities: request.entities,
    path: batch ? (index) => `entities.${index}` : () => "entities",
  });
  const passed = checkPassedFeatures({
    plan,
    passed: request.passedFeatures,
    path: batch ? (index) => `passedFeatures.${index}` : () => "passedFeatures",
  });
  const reads = await readEntities({ plan, store, keys, passed });
  if (trace) trace.reads = reads;
  const { includeMetadata } = request.options;
  // Metadata once per response: a batch does not repeat the feature list per entity.
  const results = reads.map((read) => toVectorResult(plan, read, includeMetadata && !batch));
  const metadata = {
    features: plan.vectorColumns.map((column) => ({ name: column.name, type: column.type })),
    trainingDataset: plan.trainingDataset,
  };
  const response = batch
    ? includeMetadata
      ? { vectors: results, ...metadata }
      : { vectors: results }
    : includeMetadata
      ? { ...results[0], trainingDataset: plan.trainingDataset }
      : results[0];
  // The view that was read (callers that audit the read name it by id, which outlives renames and deletion).
  return { body: response, featureView: plan.featureView };
};

export type { TServingPlan };
