import "server-only";
import type { TFeatureType } from "@/lib/api/feature-groups";
import type { TFilter } from "@/lib/api/feature-views";
import type { TSplit } from "@/lib/api/training-datasets";
import { WHOLE_SPLIT } from "@/lib/api/training-datasets";
import { featureTypeToDuckDb, quoteIdent, quoteLiteral, ROW_ID_COLUMN } from "../offline";
import { onDemandCallSql, onDemandFunctions, type TOnDemandFunction } from "./expression/duckdb-function";
import { filterToSql } from "./filters";
import {
  buildPitJoinSql,
  eventTimeSql,
  ROW_COLUMN,
  SPINE_ALIAS,
  TIME_COLUMN,
  type TEventTimeType,
  type TPitColumn,
  type TPitJoin,
} from "./pit-join";
import type { TFeatureViewPlan } from "./plan";

// The SQL of a feature view's rows for a spine: point-in-time join → on-demand features → filter → split
// label. Pure; the caller supplies relations pinned to the recorded Delta versions.

export const SPLIT_COLUMN = "_larder_split";
const REQUEST_PREFIX = "_larder_req_";
// Random splits: a row's bucket is hash(row number, seed) mod this, compared with the cumulative sizes.
const SPLIT_BUCKETS = 1_000_000;

export type TSpineInput =
  | { kind: "root"; start?: string; end?: string }
  | {
      kind: "relation";
      relationSql: string;
      eventTime: { column: string; type: TEventTimeType };
      rowNumberSql: string;
      columns: string[];
    };

const rootRowNumberSql = (plan: TFeatureViewPlan): string => {
  const root = plan.sources[0];
  return `row_number() OVER (ORDER BY ${[root.eventTime!.column, ...root.primaryKey].map((column) => `t.${quoteIdent(column)}`).join(", ")})`;
};

/** Spine columns a request parameter is read from in training: the column of the same name. */
export const missingRequestColumns = ({
  plan,
  spineColumns,
}: {
  plan: TFeatureViewPlan;
  spineColumns: string[];
}): string[] =>
  plan.requestParameters.map((parameter) => parameter.name).filter((name) => !spineColumns.includes(name));

/**
 * `relations` must carry readTable's row id column (`rowId: true`). Returns the point-in-time join's
 * statements and cleanup (see withPitJoin) and the query of the feature view's rows over them.
 */
export const buildFeatureViewSql = ({
  plan,
  relations,
  spine,
  filter,
  split,
}: {
  plan: TFeatureViewPlan;
  relations: Map<string, string>;
  spine: TSpineInput;
  filter: TFilter | null | undefined;
  split: TSplit;
}): { statements: string[]; cleanup: string[]; sql: string; outputs: string[]; functions: TOnDemandFunction[] } => {
  const [root, ...joined] = plan.sources;
  const toJoin = (source: (typeof plan.sources)[number], overrides: Partial<TPitJoin> = {}): TPitJoin => ({
    alias: source.alias,
    relationSql: relations.get(source.alias)!,
    rowId: ROW_ID_COLUMN,
    left: source.left === root.alias ? SPINE_ALIAS : source.left!,
    leftOn: source.leftOn,
    rightOn: source.rightOn,
    eventTime: source.eventTime,
    ttlSeconds: source.ttlSeconds,
    columns: source.columns.map((column) => ({ source: column.source, output: column.output })),
    ...overrides,
  });
  const requestColumns: TPitColumn[] = plan.requestParameters.map((parameter) => ({
    source: parameter.name,
    output: `${REQUEST_PREFIX}${parameter.name}`,
  }));
  let pit;
  if (spine.kind === "root") {
    const et = root.eventTime!;
    const range = [
      spine.start
        ? `${eventTimeSql(`t.${quoteIdent(et.column)}`, et.type)} >= CAST(${quoteLiteral(spine.start)} AS TIMESTAMPTZ)`
        : null,
      spine.end
        ? `${eventTimeSql(`t.${quoteIdent(et.column)}`, et.type)} < CAST(${quoteLiteral(spine.end)} AS TIMESTAMPTZ)`
        : null,
    ].filter(Boolean);
    pit = buildPitJoinSql({
      spine: {
        relationSql: relations.get(root.alias)!,
        eventTime: et,
        rowNumberSql: rootRowNumberSql(plan),
        where: range.length ? range.join(" AND ") : undefined,
        columns: [...root.columns.map((c) => ({ source: c.source, output: c.output })), ...requestColumns],
      },
      // Joins whose left side is the root read it from the spine (the root rows themselves).
      joins: joined.map((source) => toJoin(source)),
      ordered: false,
    });
  } else {
    // A supplied spine carries the serving keys and the label time; the root group is joined to it like any
    // other group (its row as of the spine's time), and the other joins hang off that row.
    const keyTypes = new Map(plan.servingKeys.map((key) => [key.name, key.type]));
    const rootOutputs = new Set(root.columns.map((c) => c.output));
    const spineColumns = [
      ...plan.servingKeys.map((key) => ({
        source: key.name,
        output: rootOutputs.has(key.name) ? key.name : null,
        cast: featureTypeToDuckDb(keyTypes.get(key.name)!),
      })),
      ...requestColumns,
    ];
    const rootJoin = toJoin(root, {
      left: SPINE_ALIAS,
      leftOn: root.primaryKey,
      rightOn: root.primaryKey,
      columns: root.columns
        .filter((c) => !root.primaryKey.includes(c.source))
        .map((c) => ({ source: c.source, output: c.output })),
    });
    pit = buildPitJoinSql({
      spine: {
        relationSql: spine.relationSql,
        eventTime: spine.eventTime,
        rowNumberSql: spine.rowNumberSql,
        columns: spineColumns,
      },
      joins: [rootJoin, ...joined.map((source) => toJoin(source, { left: source.left! }))],
      ordered: false,
    });
  }

  // On-demand features call the feature server's evaluator as DuckDB functions (registerOnDemandFunctions).
  const types = new Map(plan.featureTypes);
  const functions = onDemandFunctions({
    onDemand: plan.onDemand,
    featureTypes: types,
    requestTypes: new Map(plan.requestParameters.map((p) => [p.name, p.type as TFeatureType])),
  });
  const onDemand = functions.map(
    (fn, index) =>
      `${onDemandCallSql({ fn, column: (input) => quoteIdent(input.kind === "request" ? `${REQUEST_PREFIX}${input.name}` : input.name) })} AS ${quoteIdent(plan.onDemand[index].name)}`,
  );
  const where = filter ? filterToSql({ filter, types }) : "TRUE";
  const splitSql = splitExpression(split);
  const featureOrder = plan.featureTypes.map(([name]) => name);
  const sql = `SELECT ${ROW_COLUMN}, ${TIME_COLUMN}, ${featureOrder.map(quoteIdent).join(", ")}, ${splitSql} AS ${SPLIT_COLUMN}
FROM (SELECT *${onDemand.map((s) => `, ${s}`).join("")} FROM (${pit.sql}) AS _larder_joined) AS _larder_features
WHERE ${where}${split.type === "time" ? ` AND ${splitSql} IS NOT NULL` : ""}`;
  return { statements: pit.statements, cleanup: pit.cleanup, sql, outputs: featureOrder, functions };
};

const timeRangeSql = (range: { start?: string; end?: string }) =>
  [
    range.start ? `${TIME_COLUMN} >= CAST(${quoteLiteral(range.start)} AS TIMESTAMPTZ)` : "TRUE",
    range.end ? `${TIME_COLUMN} < CAST(${quoteLiteral(range.end)} AS TIMESTAMPTZ)` : "TRUE",
  ].join(" AND ");

/** The split a row falls in; null (dropped) for a time split's rows outside every range. */
const splitExpression = (split: TSplit): string => {
  if (split.type === "none") return quoteLiteral(WHOLE_SPLIT);
  if (split.type === "random") {
    const bucket = `(hash(${ROW_COLUMN}, ${Math.trunc(split.seed)}) % ${SPLIT_BUCKETS})`;
    const trainEnd = Math.round(split.train * SPLIT_BUCKETS);
    const validationEnd = Math.round((split.train + split.validation) * SPLIT_BUCKETS);
    return `(CASE WHEN ${bucket} < ${trainEnd} THEN 'train' WHEN ${bucket} < ${validationEnd} THEN 'validation' ELSE 'test' END)`;
  }
  const cases = (["train", "validation", "test"] as const).flatMap((name) =>
    split[name] ? [`WHEN ${timeRangeSql(split[name]!)} THEN '${name}'`] : [],
  );
  return `(CASE ${cases.join(" ")} END)`;
};

/** Names of the splits a dataset with this split configuration has. */
export const splitNames = (split: TSplit): string[] => {
  if (split.type === "none") return [WHOLE_SPLIT];
  if (split.type === "random")
    return ["train", ...(split.validation > 0 ? ["validation"] : []), ...(split.test > 0 ? ["test"] : [])];
  return (["train", "validation", "test"] as const).filter((name) => split[name]);
};
