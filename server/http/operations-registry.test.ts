import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HTTP_METHODS, type TOperation } from "@/lib/api/operation";
import { OPERATIONS, OPERATION_LIST } from "@/lib/api/operations";
import { routeFileFor } from "@/test/fixtures/route-handlers";
import { buildOpenApiDocument } from "./openapi";

// The operations registry and the app/api route tree describe the same API, both ways: every handler a route
// file exports is the wrapper of the operation declared for that file's path and method, and every declared
// operation has that handler. next-auth's own route is the one exception (it is not part of /api/v1).

const APP_DIR = path.resolve("app");
const EXCEPTIONS = new Set(["api/auth/[...nextauth]/route.ts"]);
// Route-segment configuration a route file may export besides its handlers.
const SEGMENT_CONFIG = new Set(["dynamic", "dynamicParams", "revalidate", "fetchCache", "runtime", "preferredRegion"]);
const NEXT_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const routeFiles = (): string[] =>
  (readdirSync(path.join(APP_DIR, "api"), { recursive: true }) as string[])
    .map((file) => path.join("api", file))
    .filter((file) => path.basename(file) === "route.ts" && !EXCEPTIONS.has(file))
    .sort();

type TRouteModule = Record<string, unknown>;
const loadRouteModules = async (): Promise<[string, TRouteModule][]> =>
  Promise.all(
    routeFiles().map(
      async (file) => [file, (await import(/* @vite-ignore */ path.join(APP_DIR, file))) as TRouteModule] as const,
    ),
  ) as Promise<[string, TRouteModule][]>;

const operationOf = (handler: unknown): TOperation | undefined =>
  typeof handler === "function" ? (handler as { operation?: TOperation }).operation : undefined;

describe("operations registry ↔ app/api route tree", () => {
  it("declares each operation once, under its own id", () => {
    for (const [key, operation] of Object.entries(OPERATIONS)) expect(operation.id).toBe(key);
    expect(new Set(OPERATION_LIST.map((operation) => operation.id)).size).toBe(OPERATION_LIST.length);
    const endpoints = OPERATION_LIST.map((operation) => `${operation.method} ${operation.path}`);
    expect(new Set(endpoints).size).toBe(endpoints.length);
    for (const operation of OPERATION_LIST) {
      expect(HTTP_METHODS).toContain(operation.method);
      // Every {param} of the path has a schema, and nothing else does.
      const pathParams = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      expect(Object.keys(operation.params.shape).sort(), operation.id).toEqual(pathParams);
      expect(Boolean(operation.scope) !== Boolean(operation.auth), operation.id).toBe(true);
      expect(operation.path.startsWith("/api/v1/projects/{project}"), operation.id).toBe(Boolean(operation.scope));
    }
  });

  it("every handler a route file exports is the wrapper of the operation declared for its path and method", async () => {
    const modules = await loadRouteModules();
    expect(modules.length).toBeGreaterThan(30);
    for (const [file, module] of modules) {
      for (const [name, value] of Object.entries(module)) {
        if (SEGMENT_CONFIG.has(name)) continue;
        expect(NEXT_METHODS.has(name), `${file} exports '${name}', which is not an HTTP method`).toBe(true);
        const operation = operationOf(value);
        expect(operation, `${file} ${name} is not wrapped by route()/publicRoute()`).toBeDefined();
        expect(OPERATION_LIST, `${file} ${name}: its operation is not in the registry`).toContain(operation);
        expect(operation!.method.toUpperCase(), `${file} ${name}`).toBe(name);
        expect(routeFileFor(operation!), `${file} ${name} wraps ${operation!.id}`).toBe(file);
      }
    }
  });

  it("every declared operation has its route export", async () => {
    const exported = new Map<TOperation, string>();
    for (const [file, module] of await loadRouteModules())
      for (const [name, value] of Object.entries(module)) {
        const operation = operationOf(value);
        if (operation) exported.set(operation, `${file} ${name}`);
      }
    const missing = OPERATION_LIST.filter((operation) => !exported.has(operation)).map((operation) => operation.id);
    expect(missing).toEqual([]);
  });

  it("the OpenAPI document lists every operation with its path parameters, and nothing else", () => {
    const document = buildOpenApiDocument();
    const listed = Object.entries(document.paths).flatMap(([apiPath, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ apiPath, method, operation: operation as never })),
    );
    expect(listed.map(({ operation }) => (operation as { operationId: string }).operationId).sort()).toEqual(
      OPERATION_LIST.map((operation) => operation.id).sort(),
    );
    for (const declared of OPERATION_LIST) {
      const documented = document.paths[declared.path][declared.method] as {
        parameters: { name: string; in: string; schema: Record<string, unknown> }[];
        responses: Record<string, unknown>;
      };
      const pathParams = documented.parameters.filter((parameter) => parameter.in === "path");
      expect(pathParams.map((parameter) => parameter.name).sort()).toEqual(Object.keys(declared.params.shape).sort());
      for (const parameter of pathParams)
        expect(parameter.schema.type, `${declared.id} ${parameter.name}`).toBe("string");
      expect(Object.keys(documented.responses)).toContain(String(declared.successStatus));
    }
    const vector = document.paths["/api/v1/projects/{project}/feature-views/{name}/{version}/vector"];
    expect(vector?.post).toMatchObject({ operationId: "getFeatureVector", "x-larder-scope": "featureData:read" });
  });

  // Creating a job is a write, whatever the job then reads: a Viewer could queue consistency checks at will.
  it("asks a write scope of every operation that queues a job", () => {
    const queuing = OPERATION_LIST.filter(
      (operation) =>
        operation.method !== "get" && operation.response instanceof z.ZodObject && "job" in operation.response.shape,
    );
    expect(queuing).toContain(OPERATIONS.checkOnlineConsistency);
    for (const operation of queuing) expect(operation.scope, operation.id).toMatch(/:write$/);
  });
});
