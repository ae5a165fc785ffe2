import "server-only";

/**
 * The feature server (docs/feature-server.md): feature vectors from the online store, assembled by a cached
 * per-view plan with on-demand and model-dependent transformations.
 *
 *   createFeatureServer({ store?, maxBatch? })        the standalone node:http server (main.ts runs it)
 *   serveVectors({ access, name, version, body, batch, store, maxBatch })   one vector / a batch (also the console route)
 *   serveFeastRequest({ access, body, store, maxBatch })                     Feast's /get-online-features
 *   getServingPlan / clearServingPlanCache, clearServingAuthCache           caches (tests)
 */
export { createFeatureServer, SERVING_MAX_BODY_BYTES, type TFeatureServer } from "./server";
export {
  serveVectors,
  getServingPlan,
  clearServingPlanCache,
  PLAN_REFRESH_MS,
  type TVectorResult,
  type TVectorStatus,
} from "./vectors";
export { serveFeastRequest } from "./feast";
export { authorizeServingRequest, clearServingAuthCache, AUTH_MAX_AGE_MS, AUTH_REFRESH_MS } from "./auth";
export { createServingMetrics, LATENCY_BUCKETS } from "./metrics";
export { serveConsoleVector } from "./console-vector";
