import "server-only";
import { BadRequestError, InvalidInputError, PayloadTooLargeError } from "../errors";

// Nesting beyond this is refused (400) before JSON.parse: the deepest valid request (a feature view's join tree,
// an expression) needs about a dozen levels, and JSON.parse and every recursive walk after it (zod, Prisma, the
// NUL check below) must never meet a body deep enough to exhaust the stack (5,000 levels answered 500).
const MAX_JSON_DEPTH = 64;

/** Whether the JSON text opens more than `max` arrays/objects at once (strings skipped); O(length), no parse. */
const jsonDepthExceeds = (text: string, max: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index += 1; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) depth -= 1;
  }
  return false;
};

/** Parses JSON text with its nesting bounded: 400 when too deep or malformed. */
export const parseBoundedJson = (text: string, maxDepth = MAX_JSON_DEPTH): unknown => {
  if (!text.trim()) throw new BadRequestError("Request body is empty; expected JSON");
  if (jsonDepthExceeds(text, maxDepth)) throw new BadRequestError(`JSON nested deeper than ${maxDepth} levels`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`Malformed JSON: ${(error as Error).message}`);
  }
};

const NUL = "\u0000";

/** The dotted path of the first string (value or key) holding a NUL character, or null. Depth is bounded already. */
const findNul = (value: unknown, path: string[]): string[] | null => {
  if (typeof value === "string") return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = findNul(value[index], [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object")
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(NUL)) return [...path, key.replaceAll(NUL, "\\u0000")];
      const found = findNul(item, [...path, key]);
      if (found) return found;
    }
  return null;
};

/**
 * PostgreSQL text cannot hold NUL (a query with one fails deep in the driver), and no name, description, key or
 * expression needs one: a NUL anywhere in caller input is refused as 422 naming the field, before any handler runs.
 */
export const refuseNul = (value: unknown, prefix?: string) => {
  const path = findNul(value, prefix ? [prefix] : []);
  if (path)
    throw new InvalidInputError("Input must not contain NUL characters", [
      { path: path.join(".") || "body", message: "must not contain a NUL (\\u0000) character" },
    ]);
};

/** Reads a JSON body without ever holding more than `maxBytes` of it, its nesting bounded. */
export const readJsonBody = async (request: Request, maxBytes: number): Promise<unknown> => {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new PayloadTooLargeError(`Request body is larger than ${maxBytes} bytes`);
  if (!request.body) throw new BadRequestError("Request body is missing");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new PayloadTooLargeError(`Request body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return parseBoundedJson(Buffer.concat(chunks).toString("utf8"));
};
