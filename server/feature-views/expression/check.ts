import { ExpressionError, type TExprNode } from "./parse";

// Static types of the expression language. Every value may also be null (SQL semantics: null propagates).
export type TExprType = "number" | "string" | "boolean" | "timestamp" | "null";

/** Feature and request-parameter types, mapped from feature types. */
export const exprTypeOfFeatureType = (type: string): TExprType | null => {
  if (["int", "bigint", "float", "double"].includes(type)) return "number";
  if (type === "string") return "string";
  if (type === "boolean") return "boolean";
  if (type === "timestamp" || type === "date") return "timestamp";
  return null;
};

/** The feature type an on-demand feature of this expression type is stored/served as. */
export const featureTypeOfExprType = (type: TExprType): "double" | "string" | "boolean" | "timestamp" =>
  type === "number" || type === "null" ? "double" : type;

export type TExprEnvironment = {
  features: Map<string, TExprType>;
  requests: Map<string, TExprType>;
};

const unify = (a: TExprType, b: TExprType): TExprType | null =>
  a === "null" ? b : b === "null" ? a : a === b ? a : null;

// The functions with fixed argument types (coalesce and if take any one type).
const NUMBER_TO_NUMBER = { args: ["number"], returns: "number" } as const;
const STRING_TO_STRING = { args: ["string"], returns: "string" } as const;
const TIMESTAMP_TO_NUMBER = { args: ["timestamp"], returns: "number" } as const;
const FUNCTION_SIGNATURES: Record<
  Exclude<Extract<TExprNode, { kind: "call" }>["name"], "coalesce" | "if">,
  { args: readonly TExprType[]; returns: TExprType }
> = {
  abs: NUMBER_TO_NUMBER,
  log: NUMBER_TO_NUMBER,
  sqrt: NUMBER_TO_NUMBER,
  lower: STRING_TO_STRING,
  upper: STRING_TO_STRING,
  length: { args: ["string"], returns: "number" },
  year: TIMESTAMP_TO_NUMBER,
  month: TIMESTAMP_TO_NUMBER,
  day: TIMESTAMP_TO_NUMBER,
  day_of_week: TIMESTAMP_TO_NUMBER,
  hour_of_day: TIMESTAMP_TO_NUMBER,
  days_between: { args: ["timestamp", "timestamp"], returns: "number" },
};

/** Infers the expression's type, throwing ExpressionError (with position) for unknown names and type errors. */
export const checkExpression = (node: TExprNode, env: TExprEnvironment): TExprType => {
  const want = (child: TExprNode, type: TExprType, what: string): void => {
    const actual = checkExpression(child, env);
    if (actual !== type && actual !== "null")
      throw new ExpressionError(`${what} needs a ${type}, got a ${actual}`, child.pos);
  };
  switch (node.kind) {
    case "number":
      return "number";
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "feature": {
      const type = env.features.get(node.name);
      if (!type) throw new ExpressionError(`Unknown feature '${node.name}'`, node.pos);
      return type;
    }
    case "request": {
      const type = env.requests.get(node.name);
      if (!type)
        throw new ExpressionError(
          `Unknown request parameter '${node.name}' (declare it in requestParameters)`,
          node.pos,
        );
      return type;
    }
    case "unary":
      want(node.arg, node.op === "-" ? "number" : "boolean", node.op === "-" ? "Negation" : "not");
      return node.op === "-" ? "number" : "boolean";
    case "binary": {
      if (["+", "-", "*", "/", "%"].includes(node.op)) {
        want(node.left, "number", `'${node.op}'`);
        want(node.right, "number", `'${node.op}'`);
        return "number";
      }
      if (node.op === "and" || node.op === "or") {
        want(node.left, "boolean", `'${node.op}'`);
        want(node.right, "boolean", `'${node.op}'`);
        return "boolean";
      }
      const left = checkExpression(node.left, env);
      const right = checkExpression(node.right, env);
      if (unify(left, right) === null) throw new ExpressionError(`Cannot compare a ${left} with a ${right}`, node.pos);
      return "boolean";
    }
    case "call": {
      const { name, args } = node;
      switch (name) {
        case "coalesce":
        case "if": {
          const values = name === "if" ? args.slice(1) : args;
          if (name === "if") want(args[0], "boolean", "if() condition");
          let type: TExprType = "null";
          for (const value of values) {
            const next = unify(type, checkExpression(value, env));
            if (next === null) throw new ExpressionError(`${name}() arguments must have one type`, value.pos);
            type = next;
          }
          return type;
        }
        default: {
          const signature = FUNCTION_SIGNATURES[name];
          signature.args.forEach((type, at) => want(args[at], type, `${name}()`));
          return signature.returns;
        }
      }
    }
  }
};

/** Names of features and request parameters an expression reads. */
export const expressionReferences = (
  node: TExprNode,
  out = { features: new Set<string>(), requests: new Set<string>() },
) => {
  if (node.kind === "feature") out.features.add(node.name);
  else if (node.kind === "request") out.requests.add(node.name);
  else if (node.kind === "unary") expressionReferences(node.arg, out);
  else if (node.kind === "binary") {
    expressionReferences(node.left, out);
    expressionReferences(node.right, out);
  } else if (node.kind === "call") node.args.forEach((arg) => expressionReferences(arg, out));
  return out;
};
