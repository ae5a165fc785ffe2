import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { checkExpression, exprTypeOfFeatureType, featureTypeOfExprType } from "@/server/feature-views/expression/check";
import { parseExpression } from "@/server/feature-views/expression/parse";
import { evaluateOnDemand } from "@/server/feature-views/expression/evaluate";
import { materializeFeatureView } from "@/server/feature-views/materialize";
import { createDeltaTable, queryJsonRows, quoteLiteral, readTable, withDuckDb, writeCommit } from "@/server/offline";
import { decodeValue, valueFeatures } from "@/server/online-store";
import { parseLine } from "@/server/online-store/codec";
import { latestRowsSql } from "@/server/online/offline-source";
import type { TOnlineGroup } from "@/server/online-store/types";
import { makeTempDir } from "@/test/fixtures/offline-tables";
import { starPlan } from "@/test/fixtures/star-plan";
import { featureList } from "@/test/fixtures/test-project";

// On-demand features must give the same value in a training row and in the online vector for the same entity:
// random expressions from the documented grammar over random inputs (non-ASCII text, float32 values, extremes,
// nulls, inputs that make NaN or overflow), computed offline through the training path (Delta table → point-in-time
// join → on-demand features → Parquet file) and online from the rows as the online store holds them (the
// materializer's SQL → canonical text → decodeValue) with the request values a client would send. Identical means
// Object.is for numbers, the same string, the same null.

const BATCHES = Number(process.env.EXPR_PROPERTY_BATCHES ?? 12);
const EXPRESSIONS_PER_BATCH = 40;
const ROWS_PER_BATCH = 24;

const SCHEMA: { name: string; type: TFeatureType }[] = featureList({
  entity_id: "bigint",
  event_time: "timestamp",
  i: "int",
  b: "bigint",
  f: "float",
  d: "double",
  s: "string",
  t: "boolean",
  ts: "timestamp",
  dt: "date",
});
const REQUEST_PARAMETERS: { name: string; type: TFeatureType }[] = featureList({
  rn: "double",
  rf: "float",
  rs: "string",
  rt: "timestamp",
  rb: "boolean",
});

// ---- expressions ----
const TEXTS = ["straße", "STRASSE", "İstanbul", "ΣΑΣ", "ὈΔΥΣΣΕΎΣ", "ﬀ", "ǅ", "ŉ", "a'b", "", "web", "Ünïcode", "😀x"];
const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const numberText = (value: number) => (value < 0 || Object.is(value, -0) ? `(-${-value})` : String(value));
const numberLiteral = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 7, 0.1, 2.5, 86400, 5e-324, 1e-300, 1e300, 1e308, 1.7976931348623157e308, -1, -0.1, -0),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const options = { depthSize: "small", maxDepth: 4, depthIdentifier: "expression" } as const;
const {
  number: numberExpression,
  boolean: booleanExpression,
  string: stringExpression,
  timestamp: timeExpression,
} = fc.letrec<{ number: string; string: string; boolean: string; timestamp: string }>((tie) => ({
  number: fc.oneof(
    options,
    fc.oneof(fc.constantFrom("i", "b", "f", "d", "request.rn", "request.rf", "null"), numberLiteral.map(numberText)),
    fc
      .tuple(fc.constantFrom("+", "-", "*", "/", "%"), tie("number"), tie("number"))
      .map(([op, a, b]) => `(${a} ${op} ${b})`),
    tie("number").map((a) => `(-${a})`),
    fc.tuple(fc.constantFrom("abs", "log", "sqrt"), tie("number")).map(([name, a]) => `${name}(${a})`),
    tie("string").map((a) => `length(${a})`),
    fc
      .tuple(fc.constantFrom("year", "month", "day", "day_of_week", "hour_of_day"), tie("timestamp"))
      .map(([name, a]) => `${name}(${a})`),
    fc.tuple(tie("timestamp"), tie("timestamp")).map(([a, b]) => `days_between(${a}, ${b})`),
    fc.tuple(tie("number"), tie("number")).map(([a, b]) => `coalesce(${a}, ${b})`),
    fc.tuple(tie("boolean"), tie("number"), tie("number")).map(([c, a, b]) => `if(${c}, ${a}, ${b})`),
  ),
  string: fc.oneof(
    options,
    fc.oneof(fc.constantFrom("s", "request.rs", "null"), fc.constantFrom(...TEXTS).map(quote)),
    fc.tuple(fc.constantFrom("lower", "upper"), tie("string")).map(([name, a]) => `${name}(${a})`),
    fc.tuple(tie("string"), tie("string")).map(([a, b]) => `coalesce(${a}, ${b})`),
    fc.tuple(tie("boolean"), tie("string"), tie("string")).map(([c, a, b]) => `if(${c}, ${a}, ${b})`),
  ),
  boolean: fc.oneof(
    options,
    fc.constantFrom("t", "request.rb", "true", "false", "null"),
    fc
      .tuple(fc.constantFrom("=", "!=", "<", "<=", ">", ">="), fc.constantFrom("number", "string", "timestamp"))
      .chain(([op, kind]) => fc.tuple(tie(kind), tie(kind)).map(([a, b]) => `(${a} ${op} ${b})`)),
    fc.tuple(fc.constantFrom("and", "or"), tie("boolean"), tie("boolean")).map(([op, a, b]) => `(${a} ${op} ${b})`),
    tie("boolean").map((a) => `(not ${a})`),
    fc.tuple(tie("boolean"), tie("boolean"), tie("boolean")).map(([c, a, b]) => `if(${c}, ${a}, ${b})`),
  ),
  timestamp: fc.oneof(
    options,
    fc.constantFrom("ts", "dt", "event_time", "request.rt"),
    fc.tuple(tie("timestamp"), tie("timestamp")).map(([a, b]) => `coalesce(${a}, ${b})`),
    fc.tuple(tie("boolean"), tie("timestamp"), tie("timestamp")).map(([c, a, b]) => `if(${c}, ${a}, ${b})`),
  ),
}));
const expression = fc.oneof(numberExpression, numberExpression, stringExpression, booleanExpression, timeExpression);

// ---- inputs ----
const MIN_US = BigInt(Date.parse("0001-01-01T00:00:00Z")) * 1000n;
const MAX_US = BigInt(Date.parse("9999-12-31T23:59:59.999Z")) * 1000n + 999n;
const RECENT_US = BigInt(Date.parse("2000-01-01T00:00:00Z")) * 1000n;
const SPINE_TIME = "2100-01-01T00:00:00Z";
const nullable = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary }, { weight: 1, arbitrary: fc.constant(null) });
const micros = fc.oneof(
  fc.bigInt({ min: MIN_US, max: MAX_US }),
  fc.bigInt({ min: RECENT_US, max: RECENT_US + 10n ** 15n }),
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
);
const text = fc.oneof(
  fc.constantFrom(...TEXTS),
  fc.string({ unit: "binary", maxLength: 8 }).filter((value) => !value.includes("\u0000")),
);
const double = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0.1, 1e300, -1e300, 5e-324, 1.7976931348623157e308, 2 ** 53 + 2, -0, 0),
);
const float32 = fc.float({ noNaN: true, noDefaultInfinity: true });
const FLOAT_MAX = 3.4028234663852886e38;
const pad = (value: number, width = 2) => String(value).padStart(width, "0");
/** An ISO 8601 text of an instant in one of the documented forms: Z or an offset, 0–9 fraction digits. */
const isoText = fc
  .tuple(micros, fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.nat(9), fc.boolean(), fc.nat(999))
  .map(([us, offsetMinutes, digits, zulu, extra]) => {
    const offset = zulu ? 0 : offsetMinutes;
    const local = us + BigInt(offset) * 60_000_000n;
    const millis = Number(local / 1000n - (local % 1000n < 0n ? 1n : 0n));
    const date = new Date(millis);
    const fraction = `${pad(date.getUTCMilliseconds(), 3)}${pad(Number(((local % 1000n) + 1000n) % 1000n), 3)}${pad(extra, 3)}`;
    const zone = zulu
      ? "Z"
      : `${offset < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
    return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${digits ? `.${fraction.slice(0, digits)}` : ""}${zone}`;
  })
  .filter((value) => /^\d{4}-/.test(value));
const row = fc.record({
  i: nullable(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  b: nullable(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
  f: nullable(float32),
  d: nullable(double),
  s: nullable(text),
  t: nullable(fc.boolean()),
  ts: nullable(micros),
  dt: nullable(fc.integer({ min: -719162, max: 2932896 })),
  event_time: fc.bigInt({ min: RECENT_US, max: RECENT_US + 10n ** 15n }),
  rn: nullable(double),
  // A client sends any double for a float parameter; the float32 range is the parameter's domain.
  rf: nullable(fc.oneof(float32, fc.double({ min: -FLOAT_MAX, max: FLOAT_MAX, noNaN: true }))),
  rs: nullable(text),
  rt: nullable(isoText),
  rb: nullable(fc.boolean()),
});
type TRow = typeof row extends fc.Arbitrary<infer T> ? T : never;

const doubleSql = (value: number) => `CAST('${Object.is(value, -0) ? "-0.0" : String(value)}' AS DOUBLE)`;
const dateText = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);
const valueSql = (name: string, value: unknown): string => {
  if (value === null) return "NULL";
  switch (name) {
    case "i":
      return `CAST(${value} AS INTEGER)`;
    case "b":
      return `CAST(${value} AS BIGINT)`;
    case "f":
      return `CAST(${doubleSql(value as number)} AS FLOAT)`;
    case "d":
    case "rn":
    case "rf":
      return doubleSql(value as number);
    case "s":
    case "rs":
    case "rt":
      return quoteLiteral(value as string);
    case "t":
    case "rb":
      return value ? "TRUE" : "FALSE";
    case "ts":
    case "event_time":
      return `CAST(make_timestamp(CAST(${value} AS BIGINT)) AS TIMESTAMPTZ)`;
    default:
      return `CAST(${quoteLiteral(dateText(value as number))} AS DATE)`;
  }
};

/** Epoch µs → YYYY-MM-DDTHH:MM:SS.ffffffZ, written here independently of the code under test. */
const canonicalTime = (us: bigint) => {
  const millis = us / 1000n - (us % 1000n < 0n ? 1n : 0n);
  const iso = new Date(Number(millis)).toISOString();
  const subMillis = Number(us - millis * 1000n);
  return `${iso.slice(0, 23)}${pad(subMillis, 3)}Z`;
};

const sameValue = (a: unknown, b: unknown) =>
  typeof a === "number" && typeof b === "number" ? Object.is(a, b) : a === b;

describe("on-demand features offline and online", () => {
  it("give identical values for random expressions and inputs", async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(expression, { minLength: EXPRESSIONS_PER_BATCH, maxLength: EXPRESSIONS_PER_BATCH }),
        fc.array(row, { minLength: ROWS_PER_BATCH, maxLength: ROWS_PER_BATCH }),
        async (sources, rows) => {
          const dir = await makeTempDir();
          const tablePath = path.join(dir, "g");
          await createDeltaTable({
            tablePath,
            schema: SCHEMA,
            primaryKey: ["entity_id"],
            eventTime: "event_time",
          });
          const columns = SCHEMA.map((column) => column.name);
          await writeCommit({
            tablePath,
            mode: "upsert",
            sourceSql: `SELECT * FROM (VALUES ${rows
              .map(
                (r, index) =>
                  `(${[`CAST(${index} AS BIGINT)`, ...columns.slice(1).map((c) => valueSql(c, r[c as keyof TRow]))].join(", ")})`,
              )
              .join(", ")}) v(${columns.map((c) => `"${c}"`).join(", ")})`,
          });

          const { plan, sources: pinned } = starPlan([{ tablePath, schema: SCHEMA }]);
          const types = new Map(plan.featureTypes);
          const environment = {
            features: new Map(plan.featureTypes.map(([name, type]) => [name, exprTypeOfFeatureType(type)!])),
            requests: new Map(REQUEST_PARAMETERS.map((p) => [p.name, exprTypeOfFeatureType(p.type)!])),
          };
          plan.requestParameters = REQUEST_PARAMETERS;
          plan.onDemand = sources.map((source, index) => ({
            name: `e${index}`,
            expression: source,
            description: "",
            type: featureTypeOfExprType(checkExpression(parseExpression(source), environment)),
          }));
          plan.featureTypes.push(
            ...plan.onDemand.map((feature) => [feature.name, feature.type] as [string, TFeatureType]),
          );

          // Offline: a spine file with the request values, through the training path into a Parquet file.
          const spineFile = path.join(dir, "spine.parquet");
          const spineColumns = ["entity_id", "at", ...REQUEST_PARAMETERS.map((p) => p.name)];
          await withDuckDb(undefined, (connection) =>
            connection.run(
              `COPY (SELECT * FROM (VALUES ${rows
                .map(
                  (r, index) =>
                    `(${[`CAST(${index} AS BIGINT)`, `TIMESTAMPTZ '${SPINE_TIME}'`, ...REQUEST_PARAMETERS.map((p) => valueSql(p.name, r[p.name as keyof TRow]))].join(", ")})`,
                )
                .join(
                  ", ",
                )}) v(${spineColumns.map((c) => `"${c}"`).join(", ")})) TO ${quoteLiteral(spineFile)} (FORMAT parquet)`,
            ),
          );
          const result = await materializeFeatureView({
            plan,
            sources: pinned,
            spine: { kind: "file", path: spineFile, format: "parquet", eventTime: "at" },
            split: { type: "none" },
            format: "parquet",
            outDir: path.join(dir, "out"),
          });
          const offline = await withDuckDb(undefined, (connection) =>
            queryJsonRows(
              connection,
              `SELECT entity_id, ${plan.onDemand
                .map(({ name, type }) =>
                  type === "timestamp" ? `CAST(epoch_us("${name}") AS VARCHAR) AS "${name}"` : `"${name}"`,
                )
                .join(", ")} FROM read_parquet(${quoteLiteral(result.splits[0].path)}) ORDER BY entity_id`,
            ),
          );
          expect(offline.length).toBe(rows.length);

          // Online: the rows as the materializer writes them to the online store, decoded as the store reads them.
          const group: TOnlineGroup = {
            id: "g",
            projectId: "p",
            primaryKey: ["entity_id"],
            eventTime: "event_time",
            ttlSeconds: null,
            features: SCHEMA,
          };
          const lines = await withDuckDb(undefined, async (connection) => {
            const relation = await readTable({ tablePath, connection });
            return queryJsonRows(connection, latestRowsSql({ group, relationSql: relation.sql, order: "key" }));
          });
          const online = new Map<string, Record<string, unknown>>();
          for (const { line } of lines) {
            const parsed = parseLine(String(line));
            const values: Record<string, unknown> = { entity_id: decodeValue("bigint", parsed.key[0]) };
            valueFeatures(group).forEach((feature, index) => {
              values[feature.name] = decodeValue(feature.type, parsed.values[index]);
            });
            online.set(parsed.key[0], values);
          }

          for (const [index, r] of rows.entries()) {
            const features = online.get(String(index))!;
            const request = Object.fromEntries(
              REQUEST_PARAMETERS.map((p) => {
                const value = r[p.name as keyof TRow];
                return [p.name, typeof value === "bigint" ? String(value) : value];
              }),
            );
            for (const feature of plan.onDemand) {
              const onlineValue = evaluateOnDemand({
                expression: parseExpression(feature.expression),
                features,
                request,
                featureTypes: types,
                requestTypes: new Map(REQUEST_PARAMETERS.map((p) => [p.name, p.type])),
              });
              const raw = offline[index][feature.name];
              const offlineValue =
                raw === null || raw === undefined
                  ? null
                  : feature.type === "timestamp"
                    ? canonicalTime(BigInt(raw as string))
                    : raw;
              if (!sameValue(onlineValue, offlineValue))
                expect.fail(
                  `${feature.expression}\n  inputs ${JSON.stringify({ features, request })}\n  offline ${String(offlineValue)} (${typeof offlineValue}), online ${String(onlineValue)} (${typeof onlineValue})`,
                );
              compared += 1;
            }
          }
        },
      ),
      { numRuns: BATCHES, endOnFailure: process.env.EXPR_PROPERTY_SHRINK !== "1" },
    );
    expect(compared).toBe(BATCHES * EXPRESSIONS_PER_BATCH * ROWS_PER_BATCH);
  });
});
