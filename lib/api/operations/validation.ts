import { z } from "zod";
import {
  defineOperation,
  idParam,
  nameParam,
  projectParams,
  ZVersionParamSchema,
  type TProjectOperation,
} from "../operation";
import { ZEnqueuedJobSchema } from "../jobs";
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

/** An operation of this area: its tag is the area's. */
const validationOperation = <const O extends Omit<TProjectOperation, "tag">>(operation: O) =>
  defineOperation({ ...operation, tag: "Data validation" });

export const VALIDATION_OPERATIONS = {
  getValidationSuite: validationOperation({
    id: "getValidationSuite",
    method: "get",
    params: groupParams,
    path: `${V}/suite`,
    summary: "The feature group's expectation suite (404 when it has none)",
    scope: "featureGroups:read",
    response: ZSuiteSchema,
    successStatus: 200,
  }),
  putValidationSuite: validationOperation({
    id: "putValidationSuite",
    method: "put",
    params: groupParams,
    path: `${V}/suite`,
    summary: "Create or replace the expectation suite: its rules and its ingest policy (STRICT or ALWAYS)",
    scope: "featureGroups:write",
    body: ZPutSuiteSchema,
    response: ZSuiteSchema,
    successStatus: 200,
  }),
  deleteValidationSuite: validationOperation({
    id: "deleteValidationSuite",
    method: "delete",
    params: groupParams,
    path: `${V}/suite`,
    summary: "Remove the expectation suite (ingests are no longer validated; reports stay)",
    scope: "featureGroups:write",
    successStatus: 204,
  }),
  listValidationReports: validationOperation({
    id: "listValidationReports",
    method: "get",
    params: groupParams,
    path: `${V}/reports`,
    summary: "Validation reports, newest first; failing values only with featureData:read",
    scope: "featureGroups:read",
    query: ZReportListQuerySchema,
    response: z.object({ reports: z.array(ZValidationReportSchema) }),
    successStatus: 200,
  }),
  getValidationReport: validationOperation({
    id: "getValidationReport",
    method: "get",
    params: reportParams,
    path: `${V}/reports/{reportId}`,
    summary: "One validation report; failing values only with featureData:read",
    scope: "featureGroups:read",
    response: ZValidationReportSchema,
    successStatus: 200,
  }),
  runValidationSuite: validationOperation({
    id: "runValidationSuite",
    method: "post",
    params: groupParams,
    path: `${V}/runs`,
    summary: "Run the suite against a commit (the latest by default); returns the job, which records the report",
    scope: "featureGroups:write",
    body: ZRunSuiteSchema,
    response: ZEnqueuedJobSchema,
    successStatus: 202,
  }),
};
