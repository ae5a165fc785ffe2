import { describe, expect, it } from "vitest";
import { queryJsonRows, quoteIdent, withDuckDb } from "../../offline";
import { checkExpression, type TExprEnvironment, type TExprType } from "./check";
import { evaluateExpression } from "./evaluate";
import { ExpressionError, parseExpression } from "./parse";
import { expressionToSql } from "./to-sql";

// The expression language: parse errors with positions, type errors, and the JS interpreter agreeing with
// the DuckDB compilation on the same inputs (including nulls, division by zero, UTC date parts).

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

  it("evaluates in JS exactly as the compiled DuckDB SQL does", async () => {
    const columns = Object.keys(ROWS[0]);
    const types: Record<string, string> = {
      amount: "DOUBLE",
      credit_limit: "DOUBLE",
      category: "VARCHAR",
      event_time: "TIMESTAMPTZ",
      opened_at: "TIMESTAMPTZ",
      is_premium: "BOOLEAN",
      now: "TIMESTAMPTZ",
      channel: "VARCHAR",
    };
    const literal = (value: unknown) =>
      value === null ? "NULL" : typeof value === "string" ? `'${value.replaceAll("'", "''")}'` : String(value);
    const values = ROWS.map(
      (row) =>
        `(${columns.map((column) => `CAST(${literal(row[column as keyof typeof row])} AS ${types[column]})`).join(", ")})`,
    ).join(", ");
    const selects = EXPRESSIONS.map((source, index) => {
      const ast = parseExpression(source);
      checkExpression(ast, env);
      return `${expressionToSql(ast, ({ name }) => quoteIdent(name))} AS e${index}`;
    });
    const sqlRows = await withDuckDb(undefined, (connection) =>
      queryJsonRows(
        connection,
        `SELECT ${selects.join(", ")} FROM (VALUES ${values}) v(${columns.map((c) => quoteIdent(c)).join(", ")})`,
      ),
    );
    ROWS.forEach((row, rowIndex) => {
      EXPRESSIONS.forEach((source, index) => {
        const { now, channel, ...features } = row;
        const js = evaluateExpression(parseExpression(source), { features, request: { now, channel } });
        const sql = sqlRows[rowIndex][`e${index}`];
        if (typeof js === "number") expect(sql, `${source} on row ${rowIndex}`).toBeCloseTo(js, 9);
        else expect(sql, `${source} on row ${rowIndex}`).toEqual(js);
      });
    });
  });
});
