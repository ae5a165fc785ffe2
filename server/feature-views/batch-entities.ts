import "server-only";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { InvalidInputError, type TFieldIssue } from "../errors";
import { featureTypeToDuckDb, quoteIdent, quoteLiteral } from "../offline";
import { requestValueSql } from "./expression/duckdb-function";
import { requestValueIssue } from "./expression/values";
import type { TSpineSource } from "./materialize";
import type { TFeatureViewPlan } from "./plan";

// Batch data for a list of entities: each entity carries its serving keys and, when on-demand features read them,
// the view's request parameters (as the Feast endpoint takes request data as extra entity columns). Request values
// are checked and read exactly as the feature server reads passedFeatures (requestValueIssue, requestValueSql).

const MAX_ISSUES = 50;

const keyLiteral = (value: unknown) =>
  typeof value === "string"
    ? quoteLiteral(value)
    : typeof value === "boolean"
      ? value
        ? "TRUE"
        : "FALSE"
      : typeof value === "number" && Number.isFinite(value)
        ? JSON.stringify(value)
        : "NULL";

/** Missing serving keys, missing or mistyped request parameters, and unknown names in one entity. */
const entityIssues = ({
  plan,
  entity,
  path,
}: {
  plan: TFeatureViewPlan;
  entity: Record<string, unknown>;
  path: string;
}): TFieldIssue[] => {
  const issues: TFieldIssue[] = [];
  for (const key of plan.servingKeys)
    if (entity[key.name] === undefined)
      issues.push({ path: `${path}.${key.name}`, message: `missing serving key '${key.name}'` });
  for (const parameter of plan.requestParameters) {
    const value = entity[parameter.name];
    const problem =
      value === undefined
        ? `missing request parameter '${parameter.name}' (${parameter.type}), which on-demand features read`
        : requestValueIssue(parameter.type as TFeatureType, value);
    if (problem) issues.push({ path: `${path}.${parameter.name}`, message: problem });
  }
  for (const name of Object.keys(entity))
    if (!plan.servingKeys.some((key) => key.name === name) && !plan.requestParameters.some((p) => p.name === name))
      issues.push({
        path: `${path}.${name}`,
        message: `'${name}' is neither a serving key (${plan.servingKeys.map((key) => key.name).join(", ")}) nor a request parameter`,
      });
  return issues;
};

/** The spine of a batch-data request by entities (422 naming `entities.i.name` for a bad entity). */
export const entitiesSpine = ({
  plan,
  entities,
  asOf,
}: {
  plan: TFeatureViewPlan;
  entities: Record<string, unknown>[];
  asOf: string;
}): TSpineSource => {
  const issues = entities.flatMap((entity, index) => entityIssues({ plan, entity, path: `entities.${index}` }));
  if (issues.length) throw new InvalidInputError("Invalid entities", issues.slice(0, MAX_ISSUES));
  const rows = entities.map(
    (entity) =>
      `SELECT ${[
        ...plan.servingKeys.map(
          (key) =>
            `CAST(${keyLiteral(entity[key.name])} AS ${featureTypeToDuckDb(key.type)}) AS ${quoteIdent(key.name)}`,
        ),
        ...plan.requestParameters.map(
          (p) => `${requestValueSql(p.type as TFeatureType, entity[p.name])} AS ${quoteIdent(p.name)}`,
        ),
        `CAST(${quoteLiteral(asOf)} AS TIMESTAMPTZ) AS _larder_as_of`,
      ].join(", ")}`,
  );
  return { kind: "sql", sql: rows.join(" UNION ALL "), eventTime: "_larder_as_of" };
};
