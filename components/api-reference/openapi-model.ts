// A pure reading of our OpenAPI 3.1 document into what the reference page shows: operations grouped by
// tag, with request and response schemas whose $refs are resolved inline.

type TJsonSchema = Record<string, unknown>;
type TMediaTypes = Record<string, { schema?: TJsonSchema }>;
type TRawOperation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  "x-larder-scope"?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: TJsonSchema }[];
  requestBody?: { content?: TMediaTypes };
  responses?: Record<string, { description?: string; content?: TMediaTypes }>;
  security?: unknown[];
};
export type TOpenApiDocument = {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, TRawOperation>>;
  components?: { schemas?: Record<string, TJsonSchema> };
};

type TParameter = { name: string; location: string; isRequired: boolean; type: string };
export type TOperation = {
  id: string;
  method: string;
  path: string;
  summary: string;
  scope: string | null;
  isPublic: boolean;
  parameters: TParameter[];
  request: { contentType: string; schema: unknown } | null;
  response: { status: string; contentType: string | null; schema: unknown };
};
export type TTagGroup = { tag: string; operations: TOperation[] };

const METHODS = ["get", "post", "put", "patch", "delete"];
// Deep enough for every schema we have; stops self-referencing schemas from recursing forever.
const MAX_REF_DEPTH = 8;

/**
 * Inlines `#/components/schemas/…` refs and the `#/$defs/…` refs zod emits for nested named schemas,
 * so each operation reads as one self-contained schema.
 */
const resolveRefs = (
  value: unknown,
  schemas: Record<string, TJsonSchema>,
  depth = 0,
  defs: Record<string, TJsonSchema> = {},
): unknown => {
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, schemas, depth, defs));
  if (!value || typeof value !== "object") return value;
  const { $ref: ref, $defs: localDefs, ...rest } = value as { $ref?: unknown; $defs?: Record<string, TJsonSchema> };
  const scope = localDefs ? { ...defs, ...localDefs } : defs;
  if (typeof ref === "string") {
    const [, name] = /^#\/(?:components\/schemas|\$defs)\/(.+)$/.exec(ref) ?? [];
    const target = name ? (ref.startsWith("#/$defs/") ? scope[name] : schemas[name]) : undefined;
    return target && depth < MAX_REF_DEPTH ? resolveRefs(target, schemas, depth + 1, scope) : value;
  }
  return Object.fromEntries(Object.entries(rest).map(([key, item]) => [key, resolveRefs(item, schemas, depth, scope)]));
};

const firstMedia = (
  content: TMediaTypes | undefined,
): { contentType: string; schema: TJsonSchema | undefined } | null => {
  const [entry] = Object.entries(content ?? {});
  return entry ? { contentType: entry[0], schema: entry[1].schema } : null;
};

const successResponse = (responses: TRawOperation["responses"]): [string, { content?: TMediaTypes }] =>
  Object.entries(responses ?? {}).find(([status]) => status.startsWith("2")) ?? ["200", {}];

export const groupOperations = (document: TOpenApiDocument): TTagGroup[] => {
  const schemas = document.components?.schemas ?? {};
  const groups = new Map<string, TOperation[]>();
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = methods[method];
      if (!operation) continue;
      const request = firstMedia(operation.requestBody?.content);
      const [status, success] = successResponse(operation.responses);
      const response = firstMedia(success.content);
      const tag = operation.tags?.[0] ?? "Other";
      const entry: TOperation = {
        id: operation.operationId ?? `${method}-${path}`,
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? "",
        scope: operation["x-larder-scope"] ?? null,
        isPublic: Array.isArray(operation.security) && operation.security.length === 0,
        parameters: (operation.parameters ?? []).map((parameter) => ({
          name: parameter.name,
          location: parameter.in,
          isRequired: Boolean(parameter.required),
          type: typeof parameter.schema?.type === "string" ? parameter.schema.type : "string",
        })),
        request: request ? { contentType: request.contentType, schema: resolveRefs(request.schema, schemas) } : null,
        response: {
          status,
          contentType: response?.contentType ?? null,
          schema: response ? resolveRefs(response.schema, schemas) : null,
        },
      };
      groups.set(tag, [...(groups.get(tag) ?? []), entry]);
    }
  }
  return [...groups].map(([tag, operations]) => ({ tag, operations }));
};

export const tagAnchor = (tag: string): string => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
