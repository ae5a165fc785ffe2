import { ApiError } from "./api";

/** Form messages keyed by the field's full path in the request body: "name", "features.2.type", "spine.start". */
export type TFieldMessages = Partial<Record<string, string>>;

type TZodLikeError = { issues: { path: PropertyKey[]; message: string }[] };

const isZodLikeError = (error: unknown): error is TZodLikeError =>
  Boolean(error && typeof error === "object" && "issues" in error && Array.isArray(error.issues));

/**
 * The one mapping from a refused request to form fields. The API answers a 422 with problem+json whose `errors`
 * name the offending field by its path in the body; a client-side parse with the same zod schema names it the same
 * way. Both become one message per path (the first wins), so a form shows the server's refusal exactly where it
 * shows its own check.
 */
export const fieldMessagesOf = (error: unknown): TFieldMessages => {
  const messages: TFieldMessages = {};
  const issues =
    error instanceof ApiError
      ? error.errors
      : isZodLikeError(error)
        ? error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }))
        : [];
  for (const issue of issues) messages[issue.path] ??= issue.message;
  return messages;
};

/** The first message at `path` or anywhere below it (`primaryKey` finds `primaryKey.1`). */
export const messageAt = (messages: TFieldMessages, path: string): string | undefined =>
  messages[path] ?? Object.entries(messages).find(([key]) => key.startsWith(`${path}.`))?.[1];

// react-hook-form keeps a leaf error as { type, message, ref }; `ref` is a DOM node and must not be walked.
const isLeafError = (node: object): node is { message: string } =>
  "message" in node && typeof node.message === "string" && "type" in node && typeof node.type === "string";

/**
 * react-hook-form keeps its errors as a tree ({ features: [, { name: { message } }] }); forms and their field
 * components read them by path, like the messages above. An array's own message (`root`) belongs to the array.
 */
export const flattenFieldErrors = (tree: unknown, prefix = ""): TFieldMessages => {
  if (!tree || typeof tree !== "object") return {};
  if (isLeafError(tree)) return { [prefix]: tree.message };
  const messages: TFieldMessages = {};
  for (const [key, node] of Object.entries(tree)) {
    if (key === "ref" || key === "types") continue;
    const path = key === "root" ? prefix : prefix ? `${prefix}.${key}` : key;
    for (const [at, message] of Object.entries(flattenFieldErrors(node, path))) messages[at] ??= message;
  }
  return messages;
};

/**
 * What a form says above its fields when a request fails: the issues no field of the form shows (by the first
 * segment of their path), or, when the API named no field at all, the problem's detail.
 */
export const problemSummary = ({
  error,
  isField,
  fallback,
}: {
  error: unknown;
  isField: (path: string) => boolean;
  fallback: string;
}): string | null => {
  const messages = Object.entries(fieldMessagesOf(error));
  const unplaced = messages.filter(([path]) => !isField(path.split(".")[0]));
  if (unplaced.length) return unplaced.map(([path, message]) => (path ? `${path}: ${message}` : message)).join("; ");
  if (messages.length) return null;
  return error instanceof ApiError ? (error.detail ?? error.title) : fallback;
};
