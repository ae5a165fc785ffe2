import { describe, expect, it } from "vitest";
import { DuckDBTimestampTZValue } from "@duckdb/node-api";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { quoteIdent, withDuckDb } from "../../offline";
import { checkExpression, featureTypeOfExprType, type TExprEnvironment, type TExprType } from "./check";
import { onDemandCallSql, onDemandFunctions, registerOnDemandFunctions } from "./duckdb-function";
import { evaluateOnDemand } from "./evaluate";
import { ExpressionError, parseExpression } from "./parse";
import { formatInstant, parseInstant, requestValueIssue } from "./values";

// The expression language: parse errors with positions, type errors, names that must not reach Object.prototype,
// and the evaluator giving the same values through DuckDB (training data) as in the feature server.

const env: TExprEnvironment = {
  features: new Map<string, TExprType>([
    ["amount", "number"],
    ["credit_limit", "number"],
    ["category", "string"],
    ["event_time", "timestamp"],
    ["opened_at", "timestamp"],
    ["is_premium", "boolean"],
  ]),
  requests: new Map<string, TExprType>([
    ["now", "timestamp"],
    ["channel", "string"],
  ]),
};
const ROWS = [
  {
    amount: 120.5,
    credit_limit: 1000,
    category: "Grocery",
    event_time: "2026-03-04T17:45:00Z",
    opened_at: "2025-03-04T05:00:00Z",
    is_premium: true,
    now: "2026-03-05T00:00:00Z",
    channel: "web",
  },
  {
    amount: null,
    credit_limit: 0,
    category: null,
    event_time: null,
    opened_at: "2026-01-01T00:00:00Z",
    is_premium: null,
    now: null,
    channel: "O'Brien",
  },
  {
    amount: -3,
    credit_limit: null,
    category: "Ünïcode",
    event_time: "2026-12-31T23:59:59Z",
    opened_at: null,
    is_premium: false,
    now: "2026-01-01T00:00:00Z",
    channel: null,
  },
];
const EXPRESSIONS = [
  "amount / credit_limit",
  "amount % 7",
  "-amount * 2 + 1",
  "abs(amount) + sqrt(credit_limit) + log(credit_limit)",
  "coalesce(amount, credit_limit, 0)",
  "if(amount > 100 and is_premium, 'big', 'small')",
  "not is_premium or amount >= 0",
  "lower(category) = 'grocery'",
  "upper(category)",
  "length(category)",
  "hour_of_day(event_time)",
  "year(event_time) * 100 + month(event_time)",
  "day(event_time) + day_of_week(event_time)",
  "days_between(opened_at, event_time)",
  "days_between(event_time, request.now)",
  "request.channel != 'web'",
  "amount / 0",
  "null",
  "1e3 + .5",
];

describe("expression language", () => {
  it("reports parse and type errors with their position", () => {
    const errorOf = (source: string) => {
      try {
        checkExpression(parseExpression(source), env);
      } catch (error) {
        return (error as ExpressionError).message;
      }
      return null;
    };
    expect(errorOf("amount / ")).toBe("Unexpected end of expression (at position 10)");
    expect(errorOf("amount $ 2")).toBe("Unexpected character '$' (at position 8)");
    expect(errorOf("amout + 1")).toBe("Unknown feature 'amout' (at position 1)");
    expect(errorOf("category * 2")).toBe("'*' needs a number, got a string (at position 1)");
    expect(errorOf("eval('x')")).toMatch(/^Unknown function 'eval'/);
    expect(errorOf("abs(1, 2)")).toBe("abs() takes 1 argument, got 2 (at position 1)");
    expect(errorOf("request.secret")).toMatch(/Unknown request parameter 'secret'/);
    expect(errorOf("1 < 2 < 3")).toMatch(/cannot be chained/);
    expect(errorOf("'unterminated")).toBe("Unterminated string (at position 1)");
    expect(errorOf("(".repeat(200) + "1" + ")".repeat(200))).toMatch(/nested too deeply/);
    expect(checkExpression(parseExpression("amount / credit_limit"), env)).toBe("number");
    expect(checkExpression(parseExpression("if(is_premium, category, null)"), env)).toBe("string");
  });

  it("refuses names that reach Object.prototype and literals outside the double range, naming the position", () => {
    const errorOf = (source: string) => {
      try {
        checkExpression(parseExpression(source), env);
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionError);
        return (error as ExpressionError).message;
      }
      return null;
    };
    for (const name of ["constructor", "__proto__", "CONSTRUCTOR", "toString", "hasOwnProperty", "valueOf"])
      expect(errorOf(`${name}(1)`)).toMatch(new RegExp(`^Unknown function '${name}'`));
    expect(errorOf("constructor")).toBe("Unknown feature 'constructor' (at position 1)");
    expect(errorOf("amount + 1e309")).toBe("Number 1e309 is outside the range of a double (at position 10)");
    expect(errorOf(`1${"0".repeat(400)}`)).toMatch(
      /^Number 1000.* is outside the range of a double \(at position 1\)$/,
    );
    expect(errorOf("1e-400")).toMatch(/outside the range of a double/);
    expect(errorOf("1.7976931348623157e308 + 5e-324 + 0e999")).toBeNull();
  });

  it("evaluates through DuckDB exactly as the feature server does", async () => {
    const types: Record<string, TFeatureType> = {
      amount: "double",
      credit_limit: "double",
      category: "string",
      event_time: "timestamp",
      opened_at: "timestamp",
      is_premium: "boolean",
      now: "timestamp",
      channel: "string",
    };
    const requestNames = new Set(["now", "channel"]);
    const featureTypes = new Map(Object.entries(types).filter(([name]) => !requestNames.has(name)));
    const requestTypes = new Map(Object.entries(types).filter(([name]) => requestNames.has(name)));
    const literal = (value: unknown) =>
      value === null ? "NULL" : typeof value === "string" ? `'${value.replaceAll("'", "''")}'` : String(value);
    const columns = Object.keys(ROWS[0]);
    const values = ROWS.map(
      (row) =>
        `(${columns.map((column) => `CAST(${literal(row[column as keyof typeof row])} AS ${types[column] === "timestamp" ? "TIMESTAMPTZ" : types[column] === "string" ? "VARCHAR" : types[column].toUpperCase()})`).join(", ")})`,
    ).join(", ");
    const functions = onDemandFunctions({
      onDemand: EXPRESSIONS.map((expression, index) => ({
        name: `e${index}`,
        expression,
        type: featureTypeOfExprType(checkExpression(parseExpression(expression), env)),
      })),
      featureTypes,
      requestTypes,
    });
    const sqlRows = await withDuckDb(undefined, async (connection) => {
      registerOnDemandFunctions({ connection, functions });
      return (
        await connection.runAndReadAll(
          `SELECT ${functions.map((fn, index) => `${onDemandCallSql({ fn, column: (input) => quoteIdent(input.name) })} AS e${index}`).join(", ")} FROM (VALUES ${values}) v(${columns.map((c) => quoteIdent(c)).join(", ")})`,
        )
      ).getRowObjects();
    });
    ROWS.forEach((row, rowIndex) => {
      EXPRESSIONS.forEach((source, index) => {
        const { now, channel, ...features } = row;
        const online = evaluateOnDemand({
          expression: parseExpression(source),
          features,
          request: { now, channel },
          featureTypes,
          requestTypes,
        });
        const raw = sqlRows[rowIndex][`e${index}`];
        const offline = raw instanceof DuckDBTimestampTZValue ? formatInstant(raw.micros) : raw;
        expect(
          Object.is(offline, online),
          `${source} on row ${rowIndex}: ${String(offline)} vs ${String(online)}`,
        ).toBe(true);
      });
    });
    // Spot checks of the definitions (docs/feature-views.md).
    const at = (source: string, row = 0) =>
      evaluateOnDemand({
        expression: parseExpression(source),
        features: ROWS[row],
        request: ROWS[row],
        featureTypes,
        requestTypes,
      });
    expect(at("days_between(opened_at, event_time)")).toBe(365 + 12.75 / 24);
    expect(at("upper(category)", 2)).toBe("ÜNÏCODE");
    expect(at("amount / 0")).toBeNull();
    expect(at("amount * 1e308")).toBeNull();
    expect(at("-(amount - amount)")).toBe(0);
    expect(Object.is(at("-(amount - amount)"), 0)).toBe(true);
    expect(at("if(is_premium, event_time, opened_at)")).toBe("2026-03-04T17:45:00.000000Z");
  });

  it("reads request timestamps as DuckDB casts the same text, and refuses other forms", async () => {
    const accepted = [
      "2026-03-05",
      "2026-03-05T10:00:00",
      "2026-03-05 10:00:00Z",
      "2026-03-05T10:00:00.1234567Z",
      "2026-03-05T10:00:00.9999999+02",
      "2026-03-05T10:00:00+0530",
      "2026-03-05T10:00:00-05:30",
      "0001-01-01T00:00:00Z",
      "9999-12-31T23:59:59.999999Z",
      "2024-02-29T12:00:00Z",
    ];
    const duckdb = await withDuckDb(
      undefined,
      async (connection) =>
        (
          await connection.runAndReadAll(
            `SELECT ${accepted.map((text, index) => `epoch_us(CAST('${text}' AS TIMESTAMPTZ)) AS t${index}`).join(", ")}`,
          )
        ).getRowObjects()[0],
    );
    accepted.forEach((text, index) => {
      expect(parseInstant(text), text).toBe(duckdb[`t${index}`]);
      expect(requestValueIssue("timestamp", text), text).toBeNull();
    });
    expect(formatInstant(parseInstant("0001-01-01T00:00:00.000001Z")!)).toBe("0001-01-01T00:00:00.000001Z");
    for (const text of ["yesterday", "2026-02-30T00:00:00Z", "2026-03-05T24:00:00Z", "2026-03-05T10:00Z", "3/5/2026"]) {
      expect(parseInstant(text), text).toBeNull();
      expect(requestValueIssue("timestamp", text), text).toMatch(/ISO 8601/);
    }
  });
});
