// The on-demand feature expression language: a tokenizer and a precedence-climbing parser to an AST.
// No eval, no Function: the AST is interpreted in JS (evaluate.ts) and compiled to DuckDB SQL (to-sql.ts).
// Isomorphic on purpose (online serving evaluates it too), so no "server-only" here.

type TExprPos = number;
export type TExprNode =
  | { kind: "number"; value: number; pos: TExprPos }
  | { kind: "string"; value: string; pos: TExprPos }
  | { kind: "boolean"; value: boolean; pos: TExprPos }
  | { kind: "null"; pos: TExprPos }
  | { kind: "feature"; name: string; pos: TExprPos }
  | { kind: "request"; name: string; pos: TExprPos }
  | { kind: "unary"; op: "-" | "not"; arg: TExprNode; pos: TExprPos }
  | { kind: "binary"; op: TBinaryOp; left: TExprNode; right: TExprNode; pos: TExprPos }
  | { kind: "call"; name: TFunctionName; args: TExprNode[]; pos: TExprPos };

type TBinaryOp = "+" | "-" | "*" | "/" | "%" | "=" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or";

// Looked up with Object.hasOwn only (never `in` or a bare index): names such as `constructor`, `__proto__` or
// `toString` must not reach Object.prototype.
const FUNCTION_ARITY = {
  abs: [1, 1],
  log: [1, 1],
  sqrt: [1, 1],
  coalesce: [1, 16],
  if: [3, 3],
  lower: [1, 1],
  upper: [1, 1],
  length: [1, 1],
  year: [1, 1],
  month: [1, 1],
  day: [1, 1],
  day_of_week: [1, 1],
  hour_of_day: [1, 1],
  days_between: [2, 2],
} as const satisfies Record<string, readonly [number, number]>;
type TFunctionName = keyof typeof FUNCTION_ARITY;
const FUNCTION_NAMES = Object.keys(FUNCTION_ARITY) as TFunctionName[];
const isFunctionName = (name: string): name is TFunctionName => Object.hasOwn(FUNCTION_ARITY, name);

// Nesting deeper than this is not a feature definition; it also bounds the parser's recursion.
const MAX_EXPRESSION_DEPTH = 64;

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at position ${position + 1})`);
    this.name = "ExpressionError";
  }
}

type TToken = {
  type: "number" | "string" | "ident" | "op" | "lparen" | "rparen" | "comma" | "dot" | "end";
  text: string;
  pos: number;
  value?: number | string;
};

const OPERATORS = ["<=", ">=", "!=", "<>", "==", "+", "-", "*", "/", "%", "=", "<", ">"];

const tokenize = (source: string): TToken[] => {
  const tokens: TToken[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      const match = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(source.slice(i))!;
      i += match[0].length;
      const value = Number(match[0]);
      // A literal must be the double it reads as: 1e309 (Infinity) or 1e-400 (silently 0) is a mistake.
      if (!Number.isFinite(value) || (value === 0 && /[1-9]/.test(match[0].replace(/[eE].*$/, ""))))
        throw new ExpressionError(`Number ${match[0].slice(0, 40)} is outside the range of a double`, start);
      tokens.push({ type: "number", text: match[0], pos: start, value });
      continue;
    }
    if (ch === "'") {
      let value = "";
      i += 1;
      for (;;) {
        if (i >= source.length) throw new ExpressionError("Unterminated string", start);
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += source[i];
        i += 1;
      }
      tokens.push({ type: "string", text: source.slice(start, i), pos: start, value });
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      i += match[0].length;
      tokens.push({ type: "ident", text: match[0], pos: start });
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
    if (op) {
      i += op.length;
      tokens.push({ type: "op", text: op === "==" ? "=" : op === "<>" ? "!=" : op, pos: start });
      continue;
    }
    if (ch === "(" || ch === ")" || ch === "," || ch === ".") {
      i += 1;
      tokens.push({
        type: ch === "(" ? "lparen" : ch === ")" ? "rparen" : ch === "," ? "comma" : "dot",
        text: ch,
        pos: start,
      });
      continue;
    }
    throw new ExpressionError(`Unexpected character '${ch}'`, start);
  }
  tokens.push({ type: "end", text: "end of expression", pos: source.length });
  return tokens;
};

// Binding power of binary operators: or < and < comparison < additive < multiplicative.
const BINARY_PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  "=": 3,
  "!=": 3,
  "<": 3,
  "<=": 3,
  ">": 3,
  ">=": 3,
  "+": 4,
  "-": 4,
  "*": 5,
  "/": 5,
  "%": 5,
};
const KEYWORDS = new Set(["and", "or", "not", "true", "false", "null", "request"]);

/** Parses an expression; throws ExpressionError with a 0-based position (the message shows it 1-based). */
export const parseExpression = (source: string): TExprNode => {
  const tokens = tokenize(source);
  let index = 0;
  const peek = () => tokens[index];
  const next = () => tokens[index++];
  const binaryOp = (token: TToken): string | null => {
    if (token.type === "op") return token.text;
    if (token.type === "ident" && (token.text.toLowerCase() === "and" || token.text.toLowerCase() === "or"))
      return token.text.toLowerCase();
    return null;
  };
  const expect = (type: TToken["type"], what: string) => {
    const token = next();
    if (token.type !== type) throw new ExpressionError(`Expected ${what} but found '${token.text}'`, token.pos);
    return token;
  };

  const parseBinary = (minPrecedence: number, depth: number): TExprNode => {
    if (depth > MAX_EXPRESSION_DEPTH) throw new ExpressionError("Expression is nested too deeply", peek().pos);
    let left = parseUnary(depth + 1);
    for (;;) {
      const token = peek();
      const op = binaryOp(token);
      if (!op) return left;
      const precedence = BINARY_PRECEDENCE[op];
      if (precedence === undefined || precedence < minPrecedence) return left;
      next();
      // Comparisons do not chain (a < b < c is a mistake); everything else is left-associative.
      const right = parseBinary(precedence + 1, depth + 1);
      left = { kind: "binary", op: op as TBinaryOp, left, right, pos: token.pos };
      if (precedence === 3 && BINARY_PRECEDENCE[binaryOp(peek()) ?? ""] === 3)
        throw new ExpressionError("Comparisons cannot be chained; combine them with and", peek().pos);
    }
  };

  const parseUnary = (depth: number): TExprNode => {
    const token = peek();
    if (token.type === "op" && token.text === "-") {
      next();
      return { kind: "unary", op: "-", arg: parseBinary(6, depth + 1), pos: token.pos };
    }
    if (token.type === "ident" && token.text.toLowerCase() === "not") {
      next();
      return { kind: "unary", op: "not", arg: parseBinary(3, depth + 1), pos: token.pos };
    }
    return parsePrimary(depth);
  };

  const parsePrimary = (depth: number): TExprNode => {
    const token = next();
    if (token.type === "number") return { kind: "number", value: token.value as number, pos: token.pos };
    if (token.type === "string") return { kind: "string", value: token.value as string, pos: token.pos };
    if (token.type === "lparen") {
      const inner = parseBinary(0, depth + 1);
      expect("rparen", "')'");
      return inner;
    }
    if (token.type === "ident") {
      const lower = token.text.toLowerCase();
      if (lower === "true" || lower === "false") return { kind: "boolean", value: lower === "true", pos: token.pos };
      if (lower === "null") return { kind: "null", pos: token.pos };
      if (lower === "request") {
        expect("dot", "'.' after request");
        const name = expect("ident", "a request parameter name");
        return { kind: "request", name: name.text, pos: token.pos };
      }
      if (peek().type === "lparen") {
        next();
        if (!isFunctionName(lower))
          throw new ExpressionError(
            `Unknown function '${token.text}' (known: ${FUNCTION_NAMES.join(", ")})`,
            token.pos,
          );
        const args: TExprNode[] = [];
        if (peek().type !== "rparen") {
          for (;;) {
            args.push(parseBinary(0, depth + 1));
            if (peek().type === "comma") {
              next();
              continue;
            }
            break;
          }
        }
        expect("rparen", "')' or ','");
        const [min, max] = FUNCTION_ARITY[lower];
        if (args.length < min || args.length > max)
          throw new ExpressionError(
            `${lower}() takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? "" : "s"}, got ${args.length}`,
            token.pos,
          );
        return { kind: "call", name: lower, args, pos: token.pos };
      }
      if (KEYWORDS.has(lower)) throw new ExpressionError(`Unexpected keyword '${token.text}'`, token.pos);
      return { kind: "feature", name: token.text, pos: token.pos };
    }
    throw new ExpressionError(
      token.type === "end" ? "Unexpected end of expression" : `Unexpected '${token.text}'`,
      token.pos,
    );
  };

  const root = parseBinary(0, 0);
  const rest = peek();
  if (rest.type !== "end") throw new ExpressionError(`Unexpected '${rest.text}' after a complete expression`, rest.pos);
  return root;
};
