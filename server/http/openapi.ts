import "server-only";
import { z } from "zod";
import type { TApiOperation } from "./openapi-operations";
import { ALL_API_OPERATIONS } from "./api-operations";
import { ZProblemSchema } from "@/lib/api/schemas";

// OpenAPI 3.1 uses JSON Schema 2020-12, which is what zod 4 emits; the document is built from the same
// schemas the route handlers parse with, so it cannot drift from them.
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
  for (const operation of ALL_API_OPERATIONS) {
    const pathParams = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const queryParams = operation.query
      ? Object.entries((toSchema(operation.query, "input").properties ?? {}) as Record<string, unknown>).map(
          ([name, schema]) => ({ name, in: "query", required: false, schema }),
        )
      : [];
    paths[operation.path] ??= {};
    paths[operation.path][operation.method] = {
      operationId: operation.id,
      summary: operation.summary,
      tags: [operation.tag],
      ...(operation.scope
        ? { "x-larder-scope": operation.scope, description: `Requires the \`${operation.scope}\` scope.` }
        : {}),
      parameters: [...pathParams, ...queryParams],
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { [operation.bodyContentType ?? "application/json"]: { schema: ref(operation.body, "input") } },
            },
          }
        : {}),
      responses: responsesFor(operation, ref),
      security: operation.public ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    };
  }
  return {
    openapi: "3.1.0",
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

const responsesFor = (operation: TApiOperation, ref: (schema: z.ZodType, io: "input" | "output") => unknown) => {
  const success = operation.successStatus ?? (operation.method === "post" ? 201 : 200);
  const responses: Record<string, unknown> = {
    [success]: operation.response
      ? {
          description: "Success",
          content: {
            [operation.responseContentType ?? "application/json"]: { schema: ref(operation.response, "output") },
          },
        }
      : { description: "Success" },
  };
  for (const status of [400, 401, 403, 404, 409, 413, 422, 429]) responses[status] = PROBLEM_RESPONSE;
  return responses;
};
