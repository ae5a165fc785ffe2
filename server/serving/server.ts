import "server-only";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { db } from "../db/client";
import { getEnv } from "../env";
import { DomainError, NotFoundError, PayloadTooLargeError, ServiceUnavailableError } from "../errors";
import { errorToResponse } from "../http/problem";
import { parseBoundedJson } from "../http/read-body";
import { getOnlineStore, type TOnlineStore } from "../online-store";
import { authorizeServingRequest } from "./auth";
import { serveFeastRequest } from "./feast";
import { createServingMetrics, type TServingMetrics } from "./metrics";
import { createServingRecorder, type TServingRecorder } from "./observability";
import { serveVectors, type TServingTrace } from "./vectors";

// The standalone feature server: plain node:http (no framework on the hot path), stateless, so it scales by
// running more processes behind a load balancer. Routes: vector(s), Feast's /get-online-features, /health,
// /metrics. Every error is problem+json; caller errors are 4xx, never 500.

// Request bodies beyond this are refused (413): 1,000 entities with request-time values fit comfortably.
export const SERVING_MAX_BODY_BYTES = 4 * 1024 * 1024;
// Longer than the usual load-balancer idle timeout (60 s), so the balancer, not us, closes idle connections.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
// A /health probe answers within this even when a store hangs.
const HEALTH_TIMEOUT_MS = 2_000;

const VECTOR_ROUTE = /^\/v1\/projects\/([^/]+)\/feature-views\/([^/]+)\/([^/]+)\/(vectors?)$/;
const JSON_HEADERS = { "content-type": "application/json" };

class ServingError extends Error {}
class MethodError extends Error {
  constructor(readonly allowed: string) {
    super(`Use ${allowed}`);
  }
}

// Nesting beyond this is refused (400) before parsing: no valid request needs more than 4 levels, and code that
// walks or prints a value recursively must never meet a body deep enough to exhaust the stack.
const SERVING_MAX_JSON_DEPTH = 32;

const readBody = (request: http.IncomingMessage, maxBytes: number): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes)
      return reject(new PayloadTooLargeError(`Request body is larger than ${maxBytes} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    request.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        return reject(new PayloadTooLargeError(`Request body is larger than ${maxBytes} bytes`));
      }
      chunks.push(chunk);
    });
    request.on("error", (error) => reject(new ServingError(error.message)));
    request.on("end", () => {
      if (failed) return;
      const text = chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8");
      try {
        resolve(parseBoundedJson(text, SERVING_MAX_JSON_DEPTH));
      } catch (error) {
        reject(error);
      }
    });
  });

const decodeSegment = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new NotFoundError("Not found");
  }
};

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref(),
    ),
  ]);

export type TFeatureServer = {
  server: http.Server;
  metrics: TServingMetrics;
  /** Per-view serving metrics and served-vector sampling, flushed to the registry off the request path. */
  recorder: TServingRecorder;
  listen: (port?: number, host?: string) => Promise<number>;
  close: () => Promise<void>;
};

export const createFeatureServer = ({
  store = getOnlineStore(),
  maxBatch = getEnv().LARDER_SERVING_MAX_BATCH,
  maxBodyBytes = SERVING_MAX_BODY_BYTES,
  recorder = createServingRecorder(),
}: {
  store?: TOnlineStore;
  maxBatch?: number;
  maxBodyBytes?: number;
  recorder?: TServingRecorder;
} = {}): TFeatureServer => {
  const metrics = createServingMetrics();

  const send = (
    response: http.ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = JSON_HEADERS,
  ) => {
    response.writeHead(status, headers);
    response.end(body);
  };

  const sendError = async (response: http.ServerResponse, error: unknown, route: string) => {
    if (!(error instanceof DomainError)) metrics.error(route);
    const problem = errorToResponse(error);
    const headers: Record<string, string> = {};
    problem.headers.forEach((value, key) => (headers[key] = value));
    if (error instanceof ServiceUnavailableError) headers["retry-after"] = String(error.retryAfterSeconds);
    // After a refused oversized body the rest of it may still be arriving: close rather than read it.
    if (error instanceof PayloadTooLargeError) headers.connection = "close";
    send(response, problem.status, await problem.text(), headers);
    return problem.status;
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const started = process.hrtime.bigint();
    const url = request.url ?? "/";
    const path = url.includes("?") ? url.slice(0, url.indexOf("?")) : url;
    let route = "other";
    let status = 200;
    let entities = 0;
    const trace: TServingTrace = {};
    try {
      const vectorMatch = VECTOR_ROUTE.exec(path);
      if (vectorMatch) {
        route = vectorMatch[4];
        if (request.method !== "POST") throw new MethodError("POST");
        const [projectName, name, version] = [
          decodeSegment(vectorMatch[1]),
          decodeSegment(vectorMatch[2]),
          decodeSegment(vectorMatch[3]),
        ];
        const access = await authorizeServingRequest({ authorization: request.headers.authorization, projectName });
        const body = await readBody(request, maxBodyBytes);
        const batch = route === "vectors";
        const { body: result } = await serveVectors({ access, name, version, body, batch, store, maxBatch, trace });
        entities = batch ? (result as { vectors: unknown[] }).vectors.length : 1;
        send(response, 200, JSON.stringify(result));
      } else if (path === "/get-online-features") {
        route = "get-online-features";
        if (request.method !== "POST") throw new MethodError("POST");
        const header = request.headers["x-larder-project"];
        const access = await authorizeServingRequest({
          authorization: request.headers.authorization,
          projectName: typeof header === "string" && header ? header : null,
        });
        const result = await serveFeastRequest({
          access,
          body: await readBody(request, maxBodyBytes),
          store,
          maxBatch,
        });
        entities = result.results[0]?.values.length ?? 0;
        send(response, 200, JSON.stringify(result));
      } else if (path === "/health") {
        route = "health";
        const checks = await Promise.allSettled([
          withTimeout(store.ping ? store.ping() : Promise.resolve(), HEALTH_TIMEOUT_MS, "online store"),
          withTimeout(db.$queryRaw`SELECT 1`, HEALTH_TIMEOUT_MS, "registry"),
        ]);
        // Driver text stays in the log: it can name hosts, users and databases.
        const [online, registry] = checks.map((check, index) => {
          if (check.status === "fulfilled") return "ok";
          console.error(
            `[larder serving] health: ${index === 0 ? "online store" : "registry"}:`,
            (check.reason as Error)?.message,
          );
          return "unavailable";
        });
        // Without the registry this server still serves every key and view it has cached (refresh-cache.ts), so it
        // stays in the load balancer's rotation ("degraded", 200); without the online store it serves nothing.
        status = online === "ok" ? 200 : 503;
        send(
          response,
          status,
          JSON.stringify({
            status: online !== "ok" ? "unavailable" : registry !== "ok" ? "degraded" : "ok",
            onlineStore: { kind: store.kind, status: online },
            registry: { status: registry },
          }),
        );
      } else if (path === "/metrics") {
        route = "metrics";
        send(response, 200, metrics.render(), { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
      } else {
        throw new NotFoundError(`No route ${request.method} ${path}; see docs/feature-server.md`);
      }
    } catch (error) {
      if (error instanceof MethodError) {
        status = 405;
        send(
          response,
          405,
          JSON.stringify({
            type: "about:blank",
            title: "Method not allowed",
            status: 405,
            detail: `Use ${error.allowed}`,
          }),
          { "content-type": "application/problem+json", allow: error.allowed },
        );
      } else status = await sendError(response, error, route);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.observe({ route, status, seconds, entities });
    // Only counters and a sampled copy in memory here; the recorder writes them on its own timer.
    if (trace.plan) {
      try {
        recorder.record({ plan: trace.plan, status, seconds, reads: status === 200 ? trace.reads : undefined });
      } catch (error) {
        console.error("[larder serving] serving metrics:", (error as Error).message);
      }
    }
  };

  const server = http.createServer({ keepAlive: true }, (request, response) => {
    handle(request, response).catch((error) => {
      console.error("[larder serving] failed to answer", error);
      if (!response.headersSent) send(response, 500, "{}");
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;

  return {
    server,
    metrics,
    recorder,
    listen: (port = getEnv().LARDER_SERVING_PORT, host = "0.0.0.0") =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await recorder.close();
    },
  };
};
