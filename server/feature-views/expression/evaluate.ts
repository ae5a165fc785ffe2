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

type TCompiled = (inputs: TExprInputs) => TExprValue;

const COMPARISONS: Record<string, (order: number) => boolean> = {
  "=": (order) => order === 0,
  "!=": (order) => order !== 0,
  "<": (order) => order < 0,
  "<=": (order) => order <= 0,
  ">": (order) => order > 0,
  ">=": (order) => order >= 0,
};
const ARITHMETIC: Record<string, (a: number, b: number) => number | null> = {
  "+": (a, b) => finite(a + b),
  "-": (a, b) => finite(a - b),
  "*": (a, b) => finite(a * b),
  "/": (a, b) => (b === 0 ? null : finite(a / b)),
  "%": (a, b) => (b === 0 ? null : finite(a % b)),
};
const UNARY_FUNCTIONS: Record<string, (value: never) => TExprValue> = {
  abs: (x: number) => Math.abs(x),
  log: (x: number) => (x <= 0 ? null : finite(Math.log(x))),
  sqrt: (x: number) => (x < 0 ? null : Math.sqrt(x)),
  lower: (text: string) => text.toLowerCase(),
  upper: (text: string) => text.toUpperCase(),
  length: (text: string) => {
    let count = 0;
    for (const _ of text) count += 1;
    return count;
  },
  year: (micros: bigint) => new Date(instantMillis(micros)).getUTCFullYear(),
  month: (micros: bigint) => new Date(instantMillis(micros)).getUTCMonth() + 1,
  day: (micros: bigint) => new Date(instantMillis(micros)).getUTCDate(),
  day_of_week: (micros: bigint) => new Date(instantMillis(micros)).getUTCDay(),
  hour_of_day: (micros: bigint) => new Date(instantMillis(micros)).getUTCHours(),
};

// Inputs are null-prototype records (evaluateOnDemand and the DuckDB function build them), so a name such as
// `constructor` reads as missing, never as something inherited.
const compile = (node: TExprNode): TCompiled => {
  switch (node.kind) {
    case "number":
    case "string":
    case "boolean": {
      const value = node.value;
      return () => value;
    }
    case "null":
      return () => null;
    case "feature": {
      const name = node.name;
      return (inputs) => inputs.features[name] ?? null;
    }
    case "request": {
      const name = node.name;
      return (inputs) => inputs.request[name] ?? null;
    }
    case "unary": {
      const arg = compile(node.arg);
      if (node.op === "-")
        return (inputs) => {
          const value = arg(inputs);
          return value === null ? null : -(value as number);
        };
      return (inputs) => {
        const value = arg(inputs);
        return value === null ? null : !value;
      };
    }
    case "binary": {
      const left = compile(node.left);
      const right = compile(node.right);
      if (node.op === "and")
        return (inputs) => {
          const a = left(inputs);
          const b = right(inputs);
          return a === false || b === false ? false : a === null || b === null ? null : true;
        };
      if (node.op === "or")
        return (inputs) => {
          const a = left(inputs);
          const b = right(inputs);
          return a === true || b === true ? true : a === null || b === null ? null : false;
        };
      const arithmetic = ARITHMETIC[node.op];
      if (arithmetic)
        return (inputs) => {
          const a = left(inputs);
          const b = right(inputs);
          return a === null || b === null ? null : arithmetic(a as number, b as number);
        };
      const test = COMPARISONS[node.op];
      return (inputs) => {
        const a = left(inputs);
        const b = right(inputs);
        if (a === null || b === null) return null;
        return test(typeof a === "string" ? compareStrings(a, b as string) : a < b ? -1 : a > b ? 1 : 0);
      };
    }
    case "call": {
      const args = node.args.map(compile);
      if (node.name === "coalesce")
        return (inputs) => {
          for (const arg of args) {
            const value = arg(inputs);
            if (value !== null) return value;
          }
          return null;
        };
      const [first, second, third] = args;
      if (node.name === "if") return (inputs) => (first(inputs) === true ? second(inputs) : third(inputs));
      if (node.name === "days_between")
        return (inputs) => {
          const a = first(inputs);
          const b = second(inputs);
          return a === null || b === null ? null : Number((b as bigint) - (a as bigint)) / MICROS_PER_DAY_NUMBER;
        };
      const apply = UNARY_FUNCTIONS[node.name];
      return (inputs) => {
        const value = first(inputs);
        return value === null ? null : apply(value as never);
      };
    }
  }
};

// An AST compiles once into closures, cached per AST: no dispatch on node kinds and no allocation per row.
// Measured (1 M rows of `log(x + 1) * f` with input conversion, on the 2-core machine under load): 11 s
// interpreting the AST per row, 0.6–0.8 s compiled.
const compiled = new WeakMap<TExprNode, TCompiled>();

/** Evaluates a type-checked expression over inputs converted with toExprValue (null-prototype records). */
export const evaluateExpression = (node: TExprNode, inputs: TExprInputs): TExprValue => {
  let run = compiled.get(node);
  if (!run) compiled.set(node, (run = compile(node)));
  return run(inputs);
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
