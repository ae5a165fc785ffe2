import type { TFeatureType } from "@/lib/api/feature-groups";
import { expressionReferences } from "./check";
import type { TExprNode } from "./parse";
import { instantMillis, MICROS_PER_DAY_NUMBER, type TExprValue, toExprValue, toServingValue } from "./values";

// The one implementation of the expression language. The feature server calls it per entity; training and batch
// data call the very same function from DuckDB (duckdb-function.ts registers it as a scalar function), so a
// training row and an online vector cannot disagree: Unicode case mapping, float widening, logarithms and time
// arithmetic are computed by the same code on the same values (values.ts). Semantics: null propagates (SQL),
// and/or are three-valued, a number result that is not finite (overflow, 0/0) is null, x / 0 and x % 0 are null,
// % is the truncated remainder (sign of the dividend), date parts are UTC.

export type TExprInputs = { features: Record<string, TExprValue>; request: Record<string, TExprValue> };

const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** Code-point order (as SQL and UTF-8 bytes sort), not UTF-16 code-unit order, which misplaces U+E000–U+FFFF. */
const compareStrings = (a: string, b: string): number => {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    let x = a.charCodeAt(index);
    let y = b.charCodeAt(index);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
};

const compare = (op: string, a: TExprValue, b: TExprValue): boolean | null => {
  if (a === null || b === null) return null;
  const order = typeof a === "string" ? compareStrings(a, b as string) : a < b ? -1 : a > b ? 1 : 0;
  switch (op) {
    case "=":
      return order === 0;
    case "!=":
      return order !== 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    default:
      return order >= 0;
  }
};

const read = (values: Record<string, TExprValue>, name: string): TExprValue =>
  Object.hasOwn(values, name) ? (values[name] ?? null) : null;

/** Evaluates a type-checked expression over inputs already converted with toExprValue. */
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
      return read(inputs.features, node.name);
    case "request":
      return read(inputs.request, node.name);
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
      if (node.op !== "+" && node.op !== "-" && node.op !== "*" && node.op !== "/" && node.op !== "%")
        return compare(node.op, left, right);
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
      if (node.name === "coalesce") {
        for (const arg of node.args) {
          const value = evaluate(arg);
          if (value !== null) return value;
        }
        return null;
      }
      if (node.name === "if") return evaluate(node.args[0]) === true ? evaluate(node.args[1]) : evaluate(node.args[2]);
      const args = node.args.map(evaluate);
      const [first] = args;
      if (first === null) return null;
      switch (node.name) {
        case "abs":
          return Math.abs(first as number);
        case "log":
          return (first as number) <= 0 ? null : finite(Math.log(first as number));
        case "sqrt":
          return (first as number) < 0 ? null : Math.sqrt(first as number);
        case "lower":
          return (first as string).toLowerCase();
        case "upper":
          return (first as string).toUpperCase();
        case "length": {
          let count = 0;
          for (const _ of first as string) count += 1;
          return count;
        }
        case "days_between": {
          const second = args[1];
          return second === null ? null : Number((second as bigint) - (first as bigint)) / MICROS_PER_DAY_NUMBER;
        }
        default: {
          const date = new Date(instantMillis(first as bigint));
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

// Per parsed expression (the serving plan keeps its ASTs), the names it reads: only those are converted per entity.
const referencesCache = new WeakMap<TExprNode, ReturnType<typeof expressionReferences>>();
const referencesOf = (expression: TExprNode) => {
  let references = referencesCache.get(expression);
  if (!references) referencesCache.set(expression, (references = expressionReferences(expression)));
  return references;
};

/**
 * One on-demand feature for one entity in the feature server: converts the stored features and request values
 * by their declared types, evaluates, and returns the value as the vector carries it.
 */
export const evaluateOnDemand = ({
  expression,
  features,
  request,
  featureTypes,
  requestTypes,
}: {
  expression: TExprNode;
  features: Record<string, unknown>;
  request: Record<string, unknown>;
  featureTypes: ReadonlyMap<string, TFeatureType>;
  requestTypes: ReadonlyMap<string, TFeatureType>;
}): number | string | boolean | null => {
  const inputs: TExprInputs = { features: Object.create(null), request: Object.create(null) };
  const references = referencesOf(expression);
  for (const name of references.features)
    if (Object.hasOwn(features, name)) inputs.features[name] = toExprValue(featureTypes.get(name), features[name]);
  for (const name of references.requests)
    if (Object.hasOwn(request, name)) inputs.request[name] = toExprValue(requestTypes.get(name), request[name]);
  return toServingValue(evaluateExpression(expression, inputs));
};
