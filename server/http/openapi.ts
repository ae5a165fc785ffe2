import "server-only";
import { z } from "zod";
import type { TOperation } from "@/lib/api/operation";
import { OPERATION_LIST } from "@/lib/api/operations";
import { ZProblemSchema } from "@/lib/api/schemas";

// OpenAPI 3.1 uses JSON Schema 2020-12, which is what zod 4 emits. The document is generated from the registry of
// operations (lib/api/operations), the same declarations the route handlers are wrapped with, so it cannot drift
// from them: every route, its path parameters, query, body, success status and response schema.
const toSchema = (schema: z.ZodType, io: "input" | "output") => {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json;
};

const schemaId = (schema: z.ZodType): string | undefined =>
  (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;

const PROBLEM_RESPONSE = {
  description: "Problem details (RFC 9457)",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};

export const buildOpenApiDocument = () => {
  const schemas: Record<string, unknown> = { Problem: toSchema(ZProblemSchema, "output") };
  const ref = (schema: z.ZodType, io: "input" | "output") => {
    const id = schemaId(schema);
    if (!id) return toSchema(schema, io);
    schemas[id] ??= toSchema(schema, io);
    return { $ref: `#/components/schemas/${id}` };
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATION_LIST) {
    const pathParams = Object.entries(operation.params.shape as Record<string, z.ZodType>).map(([name, schema]) => ({
      name,
      in: "path",
      required: true,
      schema: toSchema(schema, "input"),
    }));
    const querySchema = operation.query ? toSchema(operation.query, "input") : undefined;
    const requiredQuery = new Set((querySchema?.required ?? []) as string[]);
    const queryParams = Object.entries((querySchema?.properties ?? {}) as Record<string, unknown>).map(
      ([name, schema]) => ({ name, in: "query", required: requiredQuery.has(name), schema }),
    );
    paths[operation.path] ??= {};
    paths[operation.path][operation.method] = {
      operationId: operation.id,
      summary: operation.summary,
      tags: [operation.tag],
      ...(operation.scope
        ? { "x-larder-scope": operation.scope, description: `Requires the \`${operation.scope}\` scope.` }
        : operation.auth === "admin"
          ? { description: "Platform administrators only." }
          : {}),
      parameters: [...pathParams, ...queryParams],
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: {
                [operation.rawBody?.contentType ?? "application/json"]: { schema: ref(operation.body, "input") },
              },
            },
          }
        : {}),
      responses: responsesFor(operation, ref),
      security: operation.auth === "public" ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    };
  }
  return {
    openapi: "3.1.0" as const,
    info: {
      title: "Larder API",
      version: "1",
      description:
        "The versioned REST API of Larder, the feature store. Every console action goes through it. Errors are application/problem+json.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A project API key: `Authorization: Bearer lk_…`" },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "Console session; mutating requests also need `x-larder-csrf: 1`",
        },
      },
    },
  };
};

const responsesFor = (operation: TOperation, ref: (schema: z.ZodType, io: "input" | "output") => unknown) => {
  const content: Record<string, unknown> = {};
  if (operation.response) content["application/json"] = { schema: ref(operation.response, "output") };
  for (const type of operation.fileContentTypes ?? []) content[type] = { schema: { type: "string", format: "binary" } };
  const responses: Record<string, unknown> = {
    [operation.successStatus]: Object.keys(content).length
      ? { description: "Success", content }
      : { description: "Success" },
  };
  for (const status of [400, 401, 403, 404, 409, 413, 422, 429]) responses[status] = PROBLEM_RESPONSE;
  return responses;
};
