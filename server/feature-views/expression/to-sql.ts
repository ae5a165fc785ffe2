import type { TExprNode } from "./parse";

// Compiles the expression AST to DuckDB SQL. Every feature and request reference goes through `column`
// (which quotes identifiers); literals are quoted here. User text never reaches SQL unquoted.

const quoteString = (value: string): string => {
  if (value.includes("\u0000")) throw new Error("String literal contains a NUL character");
  return `'${value.replaceAll("'", "''")}'`;
};
const num = (sql: string) => `CAST(${sql} AS DOUBLE)`;
// Timestamps (TIMESTAMPTZ, DATE) as TIMESTAMPTZ; the connection runs in UTC so date parts are UTC.
const ts = (sql: string) => `CAST(${sql} AS TIMESTAMPTZ)`;
// ±Infinity and NaN become null, as in the JS interpreter.
const finite = (sql: string) => `(CASE WHEN isfinite(${sql}) THEN ${sql} END)`;

export const expressionToSql = (
  node: TExprNode,
  column: (ref: { kind: "feature" | "request"; name: string }) => string,
): string => {
  const compile = (child: TExprNode) => expressionToSql(child, column);
  switch (node.kind) {
    case "number":
      return Number.isInteger(node.value) && Math.abs(node.value) < 2 ** 53
        ? `CAST(${node.value} AS DOUBLE)`
        : `CAST('${node.value}' AS DOUBLE)`;
    case "string":
      return quoteString(node.value);
    case "boolean":
      return node.value ? "TRUE" : "FALSE";
    case "null":
      return "NULL";
    case "feature":
    case "request":
      return column({ kind: node.kind, name: node.name });
    case "unary":
      return node.op === "-" ? `(-${num(compile(node.arg))})` : `(NOT ${compile(node.arg)})`;
    case "binary": {
      const left = compile(node.left);
      const right = compile(node.right);
      switch (node.op) {
        case "and":
          return `(${left} AND ${right})`;
        case "or":
          return `(${left} OR ${right})`;
        case "+":
        case "-":
        case "*":
          return finite(`(${num(left)} ${node.op} ${num(right)})`);
        case "/":
          return finite(`(${num(left)} / NULLIF(${num(right)}, 0))`);
        case "%":
          // Truncated remainder (sign of the dividend), as JS `%`; DuckDB's fmod floors for negatives.
          return finite(`(${num(left)} - ${num(right)} * trunc(${num(left)} / NULLIF(${num(right)}, 0)))`);
        default:
          return `(${left} ${node.op === "!=" ? "<>" : node.op} ${right})`;
      }
    }
    case "call": {
      const args = node.args.map(compile);
      const [a, b] = args;
      switch (node.name) {
        case "abs":
          return `abs(${num(a)})`;
        case "log":
          return `(CASE WHEN ${num(a)} > 0 THEN ln(${num(a)}) END)`;
        case "sqrt":
          return `(CASE WHEN ${num(a)} >= 0 THEN sqrt(${num(a)}) END)`;
        case "lower":
          return `lower(${a})`;
        case "upper":
          return `upper(${a})`;
        case "length":
          return `CAST(length(${a}) AS DOUBLE)`;
        case "coalesce":
          return `coalesce(${args.join(", ")})`;
        case "if":
          return `(CASE WHEN ${a} THEN ${b} ELSE ${args[2]} END)`;
        case "year":
          return `CAST(year(${ts(a)}) AS DOUBLE)`;
        case "month":
          return `CAST(month(${ts(a)}) AS DOUBLE)`;
        case "day":
          return `CAST(day(${ts(a)}) AS DOUBLE)`;
        case "day_of_week":
          return `CAST(dayofweek(${ts(a)}) AS DOUBLE)`;
        case "hour_of_day":
          return `CAST(hour(${ts(a)}) AS DOUBLE)`;
        case "days_between":
          return `((epoch(${ts(b)}) - epoch(${ts(a)})) / 86400.0)`;
      }
    }
  }
};
