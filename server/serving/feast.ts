import "server-only";
import type { TProjectAccess } from "../principal";
import { InvalidInputError, PayloadTooLargeError, type TFieldIssue } from "../errors";
import { decodeValue, isoFromMicros } from "../online-store";
import { readEntities } from "./assemble";
import type { TServingPlan } from "./plan";
import { canonicalServingKey } from "./validate";
import { getServingPlan } from "./vectors";

// Feast's `POST /get-online-features`, answered in the shape of Feast's Python feature server (MessageToDict of
// GetOnlineFeaturesResponse): `metadata.feature_names` (entity columns first), and per column
// `{ values, statuses, event_timestamps }` over the entities. A Feast "feature view" name is a Larder feature
// view (its latest version); a feature service name maps to the view of that name. Values are untransformed
// (Feast has no model-dependent transformations); bigint values are decimal strings, as protobuf JSON does.

const EPOCH = "1970-01-01T00:00:00Z";

/** Feast's Timestamp JSON: RFC 3339 UTC, fractional seconds only when non-zero (3, 6 digits). */
const feastTimestamp = (us: number | null): string => {
  if (us === null) return EPOCH;
  const iso = isoFromMicros(us);
  const fraction = iso.slice(20, 26);
  if (fraction === "000000") return `${iso.slice(0, 19)}Z`;
  return `${iso.slice(0, 19)}.${fraction.endsWith("000") ? fraction.slice(0, 3) : fraction}Z`;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

type TColumn = { name: string; values: unknown[]; statuses: string[]; event_timestamps: string[] };

export const serveFeastRequest = async ({
  access,
  body,
  store,
  maxBatch,
}: {
  access: Pick<TProjectAccess, "project">;
  body: unknown;
  store: Parameters<typeof readEntities>[0]["store"];
  maxBatch: number;
}) => {
  if (!isObject(body))
    throw new InvalidInputError("The body must be a JSON object", [
      { path: "", message: "expected { features | feature_service, entities, full_feature_names? }" },
    ]);
  const issues: TFieldIssue[] = [];
  for (const key of Object.keys(body))
    if (!["features", "feature_service", "entities", "full_feature_names"].includes(key))
      issues.push({ path: key, message: "unknown field (features, feature_service, entities, full_feature_names)" });
  const { features, feature_service: featureService, entities, full_feature_names: fullNames } = body;
  if ((features === undefined) === (featureService === undefined))
    issues.push({
      path: "features",
      message: "give exactly one of 'features' (['view:feature', …]) and 'feature_service'",
    });
  if (
    features !== undefined &&
    (!Array.isArray(features) || features.length === 0 || !features.every((ref) => typeof ref === "string"))
  )
    issues.push({ path: "features", message: "must be a non-empty list of 'feature_view:feature' strings" });
  if (featureService !== undefined && (typeof featureService !== "string" || !featureService))
    issues.push({ path: "feature_service", message: "must be a feature view name" });
  if (fullNames !== undefined && typeof fullNames !== "boolean")
    issues.push({ path: "full_feature_names", message: "must be a boolean" });
  if (!isObject(entities) || Object.keys(entities).length === 0)
    issues.push({
      path: "entities",
      message: 'must be an object of column → list of values, e.g. {"card_id": [1, 2]}',
    });
  if (issues.length) throw new InvalidInputError("The request body is invalid", issues);

  const columns = Object.entries(entities as Record<string, unknown>);
  let count = -1;
  for (const [name, values] of columns) {
    if (!Array.isArray(values)) issues.push({ path: `entities.${name}`, message: "must be a list of values" });
    else if (count >= 0 && values.length !== count)
      issues.push({ path: `entities.${name}`, message: `has ${values.length} values; other columns have ${count}` });
    else count = values.length;
  }
  if (issues.length) throw new InvalidInputError("Invalid entities", issues);
  if (count > maxBatch)
    throw new PayloadTooLargeError(`At most ${maxBatch} entities per request (LARDER_SERVING_MAX_BATCH); got ${count}`);

  // Requested features, grouped by view in first-mention order.
  const requested = new Map<string, string[] | "all">();
  if (typeof featureService === "string") requested.set(featureService, "all");
  else
    (features as string[]).forEach((ref, index) => {
      const colon = ref.indexOf(":");
      if (colon <= 0 || colon === ref.length - 1)
        return void issues.push({ path: `features.${index}`, message: `'${ref}' is not 'feature_view:feature'` });
      const view = ref.slice(0, colon);
      const list = requested.get(view) ?? [];
      (list as string[]).push(ref.slice(colon + 1));
      requested.set(view, list);
    });
  if (issues.length) throw new InvalidInputError("Invalid feature references", issues);
  const plans = new Map<string, TServingPlan>();
  for (const view of requested.keys())
    plans.set(view, await getServingPlan({ projectId: access.project.id, name: view, version: "latest" }));

  const featureLists = new Map<string, string[]>();
  for (const [view, list] of requested) {
    const plan = plans.get(view)!;
    const servingKeys = new Set(plan.servingKeys.map((key) => key.name));
    if (list === "all")
      featureLists.set(
        view,
        [...new Set(plan.vectorColumns.map((column) => column.feature))].filter((name) => !servingKeys.has(name)),
      );
    else {
      list.forEach((feature) => {
        if (!plan.featureTypes.has(feature))
          issues.push({
            path: "features",
            message: `'${view}:${feature}' is not a feature of ${view} v${plan.featureView.version}`,
          });
      });
      featureLists.set(view, list);
    }
  }
  const entityNames = new Set(columns.map(([name]) => name));
  const known = new Set(
    [...plans.values()].flatMap((plan) => [
      ...plan.servingKeys.map((key) => key.name),
      ...plan.requestParameters.keys(),
    ]),
  );
  for (const name of entityNames)
    if (!known.has(name))
      issues.push({
        path: `entities.${name}`,
        message: `'${name}' is not a serving key or request parameter of ${[...plans.keys()].join(", ")}`,
      });
  if (issues.length) throw new InvalidInputError("Invalid request", issues);

  const servingKeyTypes = new Map(
    [...plans.values()].flatMap((plan) => plan.servingKeys.map((key) => [key.name, key.type] as const)),
  );
  const result: TColumn[] = [];
  for (const [name, values] of columns) {
    const type = servingKeyTypes.get(name);
    if (!type) continue;
    result.push({
      name,
      values: (values as unknown[]).map((value, row) => {
        const canonical = canonicalServingKey(type, value);
        if ("error" in canonical)
          issues.push({ path: `entities.${name}.${row}`, message: `'${name}' ${canonical.error}` });
        return "text" in canonical ? decodeValue(type, canonical.text) : null;
      }),
      statuses: (values as unknown[]).map(() => "PRESENT"),
      event_timestamps: (values as unknown[]).map(() => EPOCH),
    });
  }
  if (issues.length) throw new InvalidInputError("Invalid entity values", issues.slice(0, 50));

  for (const [view, plan] of plans) {
    for (const name of [...plan.servingKeys.map((key) => key.name), ...plan.requestParameters.keys()]) {
      if (!entityNames.has(name))
        issues.push({
          path: `entities.${name}`,
          message: `missing '${name}', a ${plan.requestParameters.has(name) ? "request parameter" : "serving key"} of ${view}`,
        });
    }
  }
  if (issues.length) throw new InvalidInputError("Invalid entities", issues);
  const table = entities as Record<string, unknown[]>;

  for (const [view, plan] of plans) {
    const keys: string[][] = [];
    const passed: Record<string, unknown>[] = [];
    for (let row = 0; row < count; row += 1) {
      // Entity values were validated above (the entity columns), so every key has its canonical text.
      keys.push(
        plan.servingKeys.map((key) => (canonicalServingKey(key.type, table[key.name][row]) as { text: string }).text),
      );
      const request: Record<string, unknown> = {};
      for (const name of plan.requestParameters.keys()) request[name] = table[name][row];
      passed.push(request);
    }
    const reads = await readEntities({ plan, store, keys, passed });
    for (const feature of featureLists.get(view)!) {
      const source = plan.featureSource.get(feature);
      result.push({
        name: fullNames ? `${view}__${feature}` : feature,
        values: reads.map((read) => read.values[feature] ?? null),
        statuses: reads.map((read) => (source === undefined ? "PRESENT" : read.groups[source].status)),
        event_timestamps: reads.map((read) =>
          feastTimestamp(source === undefined ? null : read.groups[source].eventTimeUs),
        ),
      });
    }
  }
  return {
    metadata: { feature_names: result.map((column) => column.name) },
    results: result.map(({ values, statuses, event_timestamps }) => ({ values, statuses, event_timestamps })),
  };
};
