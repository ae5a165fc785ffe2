import { defineOperation, idParam, noParams, projectParams, type TProjectOperation } from "../operation";
import {
  ZAdminCreateErasureRequestSchema,
  ZCreateErasureRequestSchema,
  ZCreatedErasureRequestSchema,
  ZErasureReportSchema,
  ZErasureRequestListSchema,
  ZErasureRequestSchema,
} from "../erasure";

// Erasure requests (docs/erasure.md): an Owner files one in the project (erasure:write), an administrator in any
// project; Owners and Auditors read them and download their reports (erasure:read).

const TAG = "Erasure";
const E = "/api/v1/projects/{project}/erasure-requests";
const requestParams = projectParams.extend({ requestId: idParam("ers", "Erasure request") });

const erasureOperation = <const O extends Omit<TProjectOperation, "tag">>(operation: O) =>
  defineOperation({ ...operation, tag: TAG });

export const ERASURE_OPERATIONS = {
  listErasureRequests: erasureOperation({
    id: "listErasureRequests",
    method: "get",
    path: E,
    summary: "Erasure requests of the project, newest first, with their job's status and progress",
    scope: "erasure:read",
    params: projectParams,
    response: ZErasureRequestListSchema,
    successStatus: 200,
  }),
  createErasureRequest: erasureOperation({
    id: "createErasureRequest",
    method: "post",
    path: E,
    summary:
      "File an erasure request: the keys' rows leave every commit, the online store and training datasets; the `erasure` job does it and records a report",
    scope: "erasure:write",
    params: projectParams,
    body: ZCreateErasureRequestSchema,
    response: ZCreatedErasureRequestSchema,
    successStatus: 202,
  }),
  getErasureRequest: erasureOperation({
    id: "getErasureRequest",
    method: "get",
    path: `${E}/{requestId}`,
    summary: "One erasure request",
    scope: "erasure:read",
    params: requestParams,
    response: ZErasureRequestSchema,
    successStatus: 200,
  }),
  downloadErasureReport: erasureOperation({
    id: "downloadErasureReport",
    method: "get",
    path: `${E}/{requestId}/report`,
    summary:
      "The request's report as recorded (JSON); its SHA-256 is the request's `report.sha256` and the X-Larder-Report-Sha256 header",
    scope: "erasure:read",
    params: requestParams,
    response: ZErasureReportSchema,
    successStatus: 200,
  }),
  closeErasureRequest: erasureOperation({
    id: "closeErasureRequest",
    method: "post",
    path: `${E}/{requestId}/close`,
    summary: "Close a completed request: ingests of its groups no longer drop rows of its keys",
    scope: "erasure:write",
    params: requestParams,
    response: ZErasureRequestSchema,
    successStatus: 200,
  }),
  adminCreateErasureRequest: defineOperation({
    id: "adminCreateErasureRequest",
    method: "post",
    path: "/api/v1/erasure-requests",
    summary: "File an erasure request in any project (administrators; the project is named in the body)",
    tag: TAG,
    auth: "admin",
    params: noParams,
    body: ZAdminCreateErasureRequestSchema,
    response: ZCreatedErasureRequestSchema,
    successStatus: 202,
  }),
};
