import { z } from "zod";
import { defineOperation, idParam, nameParam, projectParams, ZVersionParamSchema } from "../operation";
import {
  ZPutSuiteSchema,
  ZReportListQuerySchema,
  ZRunSuiteSchema,
  ZSuiteSchema,
  ZValidationReportSchema,
} from "../validation";

// Data validation: a feature group's expectation suite and the reports of its runs (docs/validation.md).

const V = "/api/v1/projects/{project}/feature-groups/{name}/{version}/validation";
const groupParams = projectParams.extend({ name: nameParam("Feature group"), version: ZVersionParamSchema });
const reportParams = groupParams.extend({ reportId: idParam("vr", "Validation report") });
const TAG = "Data validation";

export const VALIDATION_OPERATIONS = {
  getValidationSuite: defineOperation({
    id: "getValidationSuite",
    method: "get",
    path: `${V}/suite`,
    summary: "The feature group's expectation suite (404 when it has none)",
    tag: TAG,
    scope: "featureGroups:read",
    params: groupParams,
    response: ZSuiteSchema,
    successStatus: 200,
  }),
  putValidationSuite: defineOperation({
    id: "putValidationSuite",
    method: "put",
    path: `${V}/suite`,
    summary: "Create or replace the expectation suite: its rules and its ingest policy (STRICT or ALWAYS)",
    tag: TAG,
    scope: "featureGroups:write",
    params: groupParams,
    body: ZPutSuiteSchema,
    response: ZSuiteSchema,
    successStatus: 200,
  }),
  deleteValidationSuite: defineOperation({
    id: "deleteValidationSuite",
    method: "delete",
    path: `${V}/suite`,
    summary: "Remove the expectation suite (ingests are no longer validated; reports stay)",
    tag: TAG,
    scope: "featureGroups:write",
    params: groupParams,
    successStatus: 204,
  }),
  listValidationReports: defineOperation({
    id: "listValidationReports",
    method: "get",
    path: `${V}/reports`,
    summary: "Validation reports, newest first; failing values only with featureData:read",
    tag: TAG,
    scope: "featureGroups:read",
    params: groupParams,
    query: ZReportListQuerySchema,
    response: z.object({ reports: z.array(ZValidationReportSchema) }),
    successStatus: 200,
  }),
  getValidationReport: defineOperation({
    id: "getValidationReport",
    method: "get",
    path: `${V}/reports/{reportId}`,
    summary: "One validation report; failing values only with featureData:read",
    tag: TAG,
    scope: "featureGroups:read",
    params: reportParams,
    response: ZValidationReportSchema,
    successStatus: 200,
  }),
  runValidationSuite: defineOperation({
    id: "runValidationSuite",
    method: "post",
    path: `${V}/runs`,
    summary: "Run the suite against a commit (the latest by default) and record its report",
    tag: TAG,
    scope: "featureGroups:write",
    params: groupParams,
    body: ZRunSuiteSchema,
    response: ZValidationReportSchema,
    successStatus: 201,
  }),
};
