import { defineOperation, nameParam, projectParams, ZVersionParamSchema } from "../operation";
import {
  ZServedVectorLoggingSchema,
  ZServedVectorsQuerySchema,
  ZServedVectorsSchema,
  ZServingMetricsQuerySchema,
  ZServingMetricsSchema,
} from "../serving-observability";

// Serving observability of a feature view (docs/serving-observability.md): per-minute metrics of the feature server,
// and served-vector logging. Metrics hold no feature values; logged vectors do (null without featureData:read).

const FV = "/api/v1/projects/{project}/feature-views/{name}/{version}";
const featureViewParams = projectParams.extend({ name: nameParam("Feature view"), version: ZVersionParamSchema });
const TAG = "Serving observability";

export const SERVING_OBSERVABILITY_OPERATIONS = {
  getServingMetrics: defineOperation({
    id: "getServingMetrics",
    method: "get",
    path: `${FV}/serving-metrics`,
    summary: "Per minute: requests, vectors, latency p50/p99, errors and each feature group's missing rate",
    tag: TAG,
    scope: "featureViews:read",
    params: featureViewParams,
    query: ZServingMetricsQuerySchema,
    response: ZServingMetricsSchema,
    successStatus: 200,
  }),
  getServedVectors: defineOperation({
    id: "getServedVectors",
    method: "get",
    path: `${FV}/served-vectors`,
    summary: "Served-vector logging: the rate, how many vectors were logged, and the most recent ones",
    tag: TAG,
    scope: "featureViews:read",
    params: featureViewParams,
    query: ZServedVectorsQuerySchema,
    response: ZServedVectorsSchema,
    successStatus: 200,
  }),
  updateServedVectorLogging: defineOperation({
    id: "updateServedVectorLogging",
    method: "put",
    path: `${FV}/served-vectors/config`,
    summary: "Set the share of served vectors the feature server logs (0 = off)",
    tag: TAG,
    scope: "featureViews:write",
    params: featureViewParams,
    body: ZServedVectorLoggingSchema,
    response: ZServedVectorLoggingSchema,
    successStatus: 200,
  }),
};
