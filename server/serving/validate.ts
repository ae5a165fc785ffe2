import "server-only";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { InvalidInputError, PayloadTooLargeError, type TFieldIssue } from "../errors";
import { requestValueIssue } from "../feature-views";
import { canonicalKeyValue } from "../online-store";
import type { TServingPlan } from "./plan";

// Hand-written request checks for the hot path (zod costs several µs per entity here). Every problem is a
// field issue with its path; at most MAX_ISSUES are reported so a bad batch of 1,000 stays readable.

const MAX_ISSUES = 50;

type TVectorOptions = { trainingDataset: { name: string; version: number } | null; includeMetadata: boolean };
export type TVectorBody = { entities: unknown[]; passedFeatures: unknown[] | undefined; options: TVectorOptions };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A serving key's canonical text; text no online store can hold as a key (NUL: PostgreSQL text) is an error. */
export const canonicalServingKey = (type: TFeatureType, value: unknown): { text: string } | { error: string } => {
  const canonical = canonicalKeyValue(type, value);
  return "text" in canonical && canonical.text.includes("\u0000")
    ? { error: "must not contain NUL characters" }
    : canonical;
};

const fail = (message: string, issues: TFieldIssue[]): never => {
  throw new InvalidInputError(message, issues.slice(0, MAX_ISSUES));
};

const parseOptions = (raw: unknown): TVectorOptions => {
  if (raw === undefined || raw === null) return { trainingDataset: null, includeMetadata: false };
  if (!isObject(raw)) return fail("Invalid options", [{ path: "options", message: "must be an object" }]);
  const issues: TFieldIssue[] = [];
  for (const key of Object.keys(raw))
    if (key !== "trainingDataset" && key !== "includeMetadata")
      issues.push({ path: `options.${key}`, message: "unknown option (trainingDataset, includeMetadata)" });
  let trainingDataset: TVectorOptions["trainingDataset"] = null;
  const td = raw.trainingDataset;
  if (td !== undefined && td !== null) {
    if (
      !isObject(td) ||
      typeof td.name !== "string" ||
      !td.name ||
      !Number.isInteger(td.version) ||
      (td.version as number) < 1
    )
      issues.push({ path: "options.trainingDataset", message: "must be { name: string, version: positive integer }" });
    else trainingDataset = { name: td.name, version: td.version as number };
  }
  if (raw.includeMetadata !== undefined && typeof raw.includeMetadata !== "boolean")
    issues.push({ path: "options.includeMetadata", message: "must be a boolean" });
  if (issues.length) fail("Invalid options", issues);
  return { trainingDataset, includeMetadata: raw.includeMetadata === true };
};

/** The body of `/vector` (batch = false) or `/vectors` (batch = true). */
export const parseVectorBody = ({
  body,
  batch,
  maxBatch,
}: {
  body: unknown;
  batch: boolean;
  maxBatch: number;
}): TVectorBody => {
  if (!isObject(body))
    return fail("The body must be a JSON object", [{ path: "", message: "expected an object with 'entities'" }]);
  const issues: TFieldIssue[] = [];
  for (const key of Object.keys(body))
    if (key !== "entities" && key !== "passedFeatures" && key !== "options")
      issues.push({ path: key, message: "unknown field (entities, passedFeatures, options)" });
  const { entities, passedFeatures } = body;
  if (batch) {
    if (!Array.isArray(entities))
      issues.push({ path: "entities", message: "must be an array of objects of serving keys" });
    else if (entities.length > maxBatch)
      throw new PayloadTooLargeError(
        `At most ${maxBatch} entities per request (LARDER_SERVING_MAX_BATCH); got ${entities.length}`,
      );
    else if (entities.length === 0) issues.push({ path: "entities", message: "must not be empty" });
    if (passedFeatures !== undefined && !Array.isArray(passedFeatures) && !isObject(passedFeatures))
      issues.push({
        path: "passedFeatures",
        message: "must be an object (for every entity) or an array aligned with entities",
      });
    if (Array.isArray(passedFeatures) && Array.isArray(entities) && passedFeatures.length !== entities.length)
      issues.push({
        path: "passedFeatures",
        message: `has ${passedFeatures.length} entries for ${entities.length} entities`,
      });
  } else {
    if (!isObject(entities)) issues.push({ path: "entities", message: "must be an object of serving keys" });
    if (passedFeatures !== undefined && !isObject(passedFeatures))
      issues.push({ path: "passedFeatures", message: "must be an object" });
  }
  if (issues.length) fail("The request body is invalid", issues);
  const list = batch ? (entities as unknown[]) : [entities];
  const passed =
    passedFeatures === undefined
      ? undefined
      : Array.isArray(passedFeatures)
        ? passedFeatures
        : list.map(() => passedFeatures);
  return { entities: list, passedFeatures: passed, options: parseOptions(body.options) };
};

/** Serving keys → canonical key text per entity; missing, extra or mistyped keys are 422s naming them. */
export const checkEntities = ({
  plan,
  entities,
  path,
}: {
  plan: TServingPlan;
  entities: unknown[];
  path: (index: number) => string;
}): string[][] => {
  const issues: TFieldIssue[] = [];
  const keys: string[][] = [];
  for (let index = 0; index < entities.length && issues.length < MAX_ISSUES; index += 1) {
    const entity = entities[index];
    const base = path(index);
    if (!isObject(entity)) {
      issues.push({
        path: base,
        message: `must be an object with the serving keys ${plan.servingKeys.map((key) => `'${key.name}'`).join(", ")}`,
      });
      continue;
    }
    const key: string[] = [];
    for (const servingKey of plan.servingKeys) {
      const value = entity[servingKey.name];
      if (value === undefined || value === null) {
        issues.push({
          path: `${base}.${servingKey.name}`,
          message: `missing serving key '${servingKey.name}' (${servingKey.type})`,
        });
        continue;
      }
      const canonical = canonicalServingKey(servingKey.type, value);
      if ("error" in canonical)
        issues.push({ path: `${base}.${servingKey.name}`, message: `'${servingKey.name}' ${canonical.error}` });
      else key.push(canonical.text);
    }
    for (const name of Object.keys(entity)) {
      if (!plan.servingKeys.some((key) => key.name === name))
        issues.push({
          path: `${base}.${name}`,
          message: `'${name}' is not a serving key of ${plan.featureView.name} v${plan.featureView.version} (serving keys: ${plan.servingKeys.map((k) => k.name).join(", ")})`,
        });
    }
    keys.push(key);
  }
  if (issues.length) fail("Invalid serving keys", issues);
  return keys;
};

const valueMatches = (type: TFeatureType, value: unknown): boolean => {
  if (value === null) return true;
  switch (type) {
    case "int":
    case "bigint":
      return (
        (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^-?\d+$/.test(value))
      );
    case "float":
    case "double":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "string":
      return typeof value === "string";
    case "date":
    case "timestamp":
      // Read as on-demand expressions read them (values.ts), not by Date.parse, which takes local-time forms.
      return requestValueIssue(type, value) === null;
    case "array<float>":
      return Array.isArray(value) && value.every((item) => typeof item === "number");
    default:
      return false;
  }
};

/** Request parameters (needed by on-demand features) and feature overrides, type-checked. */
export const checkPassedFeatures = ({
  plan,
  passed,
  path,
}: {
  plan: TServingPlan;
  passed: unknown[] | undefined;
  path: (index: number) => string;
}): (Record<string, unknown> | undefined)[] => {
  const issues: TFieldIssue[] = [];
  const result: (Record<string, unknown> | undefined)[] = [];
  const count = passed?.length ?? 0;
  const required = [...plan.requestParameters.keys()];
  if (!passed) {
    if (required.length)
      fail("Missing request parameters", [
        {
          path: "passedFeatures",
          message: `on-demand features need the request parameter(s) ${required.map((name) => `'${name}'`).join(", ")}`,
        },
      ]);
    return [];
  }
  for (let index = 0; index < count && issues.length < MAX_ISSUES; index += 1) {
    const entry = passed[index];
    const base = path(index);
    if (!isObject(entry)) {
      issues.push({ path: base, message: "must be an object" });
      continue;
    }
    for (const name of Object.keys(entry)) {
      const requestType = plan.requestParameters.get(name);
      const type = requestType ?? plan.featureTypes.get(name);
      if (!type)
        issues.push({
          path: `${base}.${name}`,
          message: `'${name}' is neither a request parameter nor a feature of this view`,
        });
      else if (requestType) {
        // The check batch data applies too, so both read a request value the same way (values.ts).
        const problem = requestValueIssue(requestType, entry[name]);
        if (problem) issues.push({ path: `${base}.${name}`, message: `'${name}' ${problem}` });
      } else if (!valueMatches(type, entry[name]))
        issues.push({ path: `${base}.${name}`, message: `'${name}' must be a ${type}` });
    }
    for (const name of required)
      if (entry[name] === undefined)
        issues.push({
          path: `${base}.${name}`,
          message: `missing request parameter '${name}' (${plan.requestParameters.get(name)})`,
        });
    result.push(entry);
  }
  if (issues.length) fail("Invalid passed features", issues);
  return result;
};
