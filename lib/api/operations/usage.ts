import { defineOperation, noParams, projectParams } from "../operation";
import {
  ZAdminUsageReportSchema,
  ZAdminUsageRunResultSchema,
  ZAdminUsageRunSchema,
  ZUsageQuerySchema,
  ZUsageReportSchema,
} from "../usage";

// Usage per project (docs/usage.md): the figures the `usage` job aggregated, per day, for billing.

const TAG = "Usage";
const CSV = ["text/csv"];

export const USAGE_OPERATIONS = {
  getProjectUsage: defineOperation({
    id: "getProjectUsage",
    method: "get",
    path: "/api/v1/projects/{project}/usage",
    summary:
      "The project's usage per day, feature group and view: storage, online store, job compute, training datasets, serving, shares (JSON or CSV)",
    tag: TAG,
    scope: "usage:read",
    params: projectParams,
    query: ZUsageQuerySchema,
    response: ZUsageReportSchema,
    fileContentTypes: CSV,
    successStatus: 200,
  }),
  getAdminUsage: defineOperation({
    id: "getAdminUsage",
    method: "get",
    path: "/api/v1/admin/usage",
    summary: "Every project's usage per day (administrators; JSON or CSV)",
    tag: TAG,
    auth: "admin",
    params: noParams,
    query: ZUsageQuerySchema,
    response: ZAdminUsageReportSchema,
    fileContentTypes: CSV,
    successStatus: 200,
  }),
  runAdminUsage: defineOperation({
    id: "runAdminUsage",
    method: "post",
    path: "/api/v1/admin/usage/runs",
    summary:
      "Queue a usage aggregation for every project now (administrators); a project's Owner queues its own as a `usage` job",
    tag: TAG,
    auth: "admin",
    params: noParams,
    body: ZAdminUsageRunSchema,
    response: ZAdminUsageRunResultSchema,
    successStatus: 202,
  }),
};
