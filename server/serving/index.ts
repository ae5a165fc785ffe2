import "server-only";

/**
 * The feature server (docs/feature-server.md): feature vectors from the online store, assembled by a cached
 * per-view plan with on-demand and model-dependent transformations.
 *
 *   createFeatureServer({ store?, maxBatch? })        the standalone node:http server (main.ts runs it)
 *   serveVectors({ access, name, version, body, batch, store, maxBatch })   one vector / a batch (also the console route)
 *   serveFeastRequest({ access, body, store, maxBatch })                     Feast's /get-online-features
 *   getServingPlan / clearServingPlanCache, clearServingAuthCache           caches (tests)
 *
 * Only what other rooms import through this door is exported here (knip checks it); serveVectors, serveFeastRequest
 * and getServingPlan are reached through createFeatureServer and serveConsoleVector.
 */
export { createFeatureServer, type TFeatureServer } from "./server";
export { clearServingPlanCache, serveVectors } from "./vectors";
export { serveFeastRequest } from "./feast";
export { clearServingAuthCache, AUTH_MAX_AGE_MS } from "./auth";
export { serveConsoleVector } from "./console-vector";
export { getServedVectors, getServingMetrics, updateServedVectorLogging } from "./observability-api";
export { SERVED_AT_COLUMN, servedVectorTablePath } from "./served-vector-table";
