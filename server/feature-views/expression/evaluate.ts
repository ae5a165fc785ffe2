import type { TExprNode } from "./parse";

// The JS interpreter of the expression language, for online serving: the same results as the SQL compiled
// by to-sql.ts (null propagation, three-valued and/or, division by zero → null, UTC date parts).

export type TExprValue = number | string | boolean | Date | null;
export type TExprInputs = { features: Record<string, unknown>; request: Record<string, unknown> };

const MS_PER_DAY = 86_400_000;

const toValue = (raw: unknown): TExprValue => {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "bigint") return Number(raw);
  if (raw instanceof Date || typeof raw === "number" || typeof raw === "string" || typeof raw === "boolean") return raw;
  return String(raw);
};
const asTime = (value: TExprValue): number | null => {
  if (value === null) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string") {
    const parsed = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) || !/T|\d \d/.test(value) ? value : `${value}Z`);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return typeof value === "number" ? value : null;
};
const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

const compare = (op: string, a: TExprValue, b: TExprValue): boolean | null => {
  if (a === null || b === null) return null;
  const left = a instanceof Date ? a.getTime() : a;
  const right = b instanceof Date ? b.getTime() : b;
  switch (op) {
    case "=":
      return left === right;
    case "!=":
      return left !== right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    default:
      return left >= right;
  }
};

export const evaluateExpression = (node: TExprNode, inputs: TExprInputs): TExprValue => {
  const evaluate = (child: TExprNode) => evaluateExpression(child, inputs);
  switch (node.kind) {
    case "number":
    case "string":
    case "boolean":
      return node.value;
    case "null":
      return null;
    case "feature":
      return toValue(inputs.features[node.name]);
    case "request":
      return toValue(inputs.request[node.name]);
    case "unary": {
      const value = evaluate(node.arg);
      if (value === null) return null;
      return node.op === "-" ? -(value as number) : !(value as boolean);
    }
    case "binary": {
      if (node.op === "and" || node.op === "or") {
        const left = evaluate(node.left) as boolean | null;
        const right = evaluate(node.right) as boolean | null;
        if (node.op === "and")
          return left === false || right === false ? false : left === null || right === null ? null : true;
        return left === true || right === true ? true : left === null || right === null ? null : false;
      }
      const left = evaluate(node.left);
      const right = evaluate(node.right);
      if (["=", "!=", "<", "<=", ">", ">="].includes(node.op)) {
        const leftTime =
          left instanceof Date || (typeof left === "string" && right instanceof Date) ? asTime(left) : null;
        if (leftTime !== null || right instanceof Date) return compare(node.op, asTime(left), asTime(right));
        return compare(node.op, left, right);
      }
      if (left === null || right === null) return null;
      const a = left as number;
      const b = right as number;
      switch (node.op) {
        case "+":
          return finite(a + b);
        case "-":
          return finite(a - b);
        case "*":
          return finite(a * b);
        case "/":
          return b === 0 ? null : finite(a / b);
        default:
          return b === 0 ? null : finite(a % b);
      }
    }
    case "call": {
      const args = node.args.map(evaluate);
      const [first] = args;
      switch (node.name) {
        case "abs":
          return first === null ? null : Math.abs(first as number);
        case "log":
          return first === null || (first as number) <= 0 ? null : Math.log(first as number);
        case "sqrt":
          return first === null || (first as number) < 0 ? null : Math.sqrt(first as number);
        case "lower":
          return first === null ? null : (first as string).toLowerCase();
        case "upper":
          return first === null ? null : (first as string).toUpperCase();
        case "length":
          return first === null ? null : [...(first as string)].length;
        case "coalesce":
          return args.find((value) => value !== null) ?? null;
        case "if":
          return first === true ? args[1] : args[2];
        case "days_between": {
          const [a, b] = [asTime(args[0]), asTime(args[1])];
          return a === null || b === null ? null : (b - a) / MS_PER_DAY;
        }
        default: {
          const time = asTime(first);
          if (time === null) return null;
          const date = new Date(time);
          if (node.name === "year") return date.getUTCFullYear();
          if (node.name === "month") return date.getUTCMonth() + 1;
          if (node.name === "day") return date.getUTCDate();
          if (node.name === "day_of_week") return date.getUTCDay();
          return date.getUTCHours();
        }
      }
    }
  }
};
