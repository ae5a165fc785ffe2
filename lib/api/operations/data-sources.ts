import { defineOperation, nameParam, projectParams, ZVersionParamSchema } from "../operation";
import {
  ZCreateDataSourceSchema,
  ZDataSourceListSchema,
  ZDataSourceSchema,
  ZFeatureGroupFromSourceSchema,
} from "../data-sources";
import { ZFeatureGroupSchema } from "../feature-groups";
import { ZEnqueuedJobSchema } from "../jobs";

// Data sources (docs/data-sources.md). No answer ever holds a connection password.

const P = "/api/v1/projects/{project}";
const S = `${P}/data-sources/{name}`;
const TAG = "Data sources";
const sourceParams = projectParams.extend({ name: nameParam("Data source") });

export const DATA_SOURCE_OPERATIONS = {
  listDataSources: defineOperation({
    id: "listDataSources",
    method: "get",
    path: `${P}/data-sources`,
    summary: "The project's data sources and the feature groups each fills",
    tag: TAG,
    scope: "dataSources:read",
    params: projectParams,
    response: ZDataSourceListSchema,
    successStatus: 200,
  }),
  createDataSource: defineOperation({
    id: "createDataSource",
    method: "post",
    path: `${P}/data-sources`,
    summary:
      "Register a PostgreSQL table or query (password encrypted at rest) or an allowed file; its schema is read from it",
    tag: TAG,
    scope: "dataSources:write",
    params: projectParams,
    body: ZCreateDataSourceSchema,
    response: ZDataSourceSchema,
    successStatus: 201,
  }),
  getDataSource: defineOperation({
    id: "getDataSource",
    method: "get",
    path: S,
    summary: "A data source: its columns and the feature groups it fills (never its password)",
    tag: TAG,
    scope: "dataSources:read",
    params: sourceParams,
    response: ZDataSourceSchema,
    successStatus: 200,
  }),
  deleteDataSource: defineOperation({
    id: "deleteDataSource",
    method: "delete",
    path: S,
    summary: "Delete a data source that fills no feature group",
    tag: TAG,
    scope: "dataSources:write",
    params: sourceParams,
    successStatus: 204,
  }),
  createFeatureGroupFromSource: defineOperation({
    id: "createFeatureGroupFromSource",
    method: "post",
    path: `${S}/feature-groups`,
    summary: "Create a feature group with the source's columns as its schema, and queue its first ingest",
    tag: TAG,
    scope: "featureGroups:write",
    params: sourceParams,
    body: ZFeatureGroupFromSourceSchema,
    response: ZFeatureGroupSchema,
    successStatus: 201,
  }),
  ingestFromSource: defineOperation({
    id: "ingestFromSource",
    method: "post",
    path: `${P}/feature-groups/{name}/{version}/source-ingest`,
    summary: "Queue an ingest of the feature group from its data source (rows after its watermark)",
    tag: TAG,
    scope: "featureData:write",
    params: projectParams.extend({ name: nameParam("Feature group"), version: ZVersionParamSchema }),
    response: ZEnqueuedJobSchema,
    successStatus: 202,
  }),
};
