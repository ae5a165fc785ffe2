import { z } from "zod";
import { defineOperation, nameParam, projectParams, ZVersionParamSchema } from "../operation";
import {
  ZArtifactQuerySchema,
  ZCreateModelSchema,
  ZModelListQuerySchema,
  ZModelListSchema,
  ZModelSchema,
} from "../models";

// The model registry (docs/models.md).

const P = "/api/v1/projects/{project}";
const M = `${P}/models/{name}/{version}`;
const TAG = "Models";
const modelParams = projectParams.extend({ name: nameParam("Model"), version: ZVersionParamSchema });

export const MODEL_OPERATIONS = {
  listModels: defineOperation({
    id: "listModels",
    method: "get",
    path: `${P}/models`,
    summary: "Registered models, optionally only those trained on a feature view or training dataset",
    tag: TAG,
    scope: "models:read",
    params: projectParams,
    query: ZModelListQuerySchema,
    response: ZModelListSchema,
    successStatus: 200,
  }),
  createModel: defineOperation({
    id: "createModel",
    method: "post",
    path: `${P}/models`,
    summary: "Register a model version: framework, metrics, the feature view and training datasets it was trained on",
    tag: TAG,
    scope: "models:write",
    params: projectParams,
    body: ZCreateModelSchema,
    response: ZModelSchema,
    successStatus: 201,
  }),
  getModel: defineOperation({
    id: "getModel",
    method: "get",
    path: M,
    summary: "A model version, its links and its feature view's serving status",
    tag: TAG,
    scope: "models:read",
    params: modelParams,
    response: ZModelSchema,
    successStatus: 200,
  }),
  deleteModel: defineOperation({
    id: "deleteModel",
    method: "delete",
    path: M,
    summary: "Delete a model version and its artifact",
    tag: TAG,
    scope: "models:write",
    params: modelParams,
    successStatus: 204,
  }),
  putModelArtifact: defineOperation({
    id: "putModelArtifact",
    method: "put",
    path: `${M}/artifact`,
    summary: "Upload (or replace) the model's artifact file (request body = the file; ?fileName=); size-limited",
    tag: TAG,
    scope: "models:write",
    params: modelParams,
    query: ZArtifactQuerySchema,
    body: z.string().describe("The file's bytes"),
    rawBody: { contentType: "application/octet-stream" },
    response: ZModelSchema,
    successStatus: 200,
  }),
  downloadModelArtifact: defineOperation({
    id: "downloadModelArtifact",
    method: "get",
    path: `${M}/artifact`,
    summary: "Download the model's artifact file",
    tag: TAG,
    scope: "models:read",
    params: modelParams,
    fileContentTypes: ["application/octet-stream"],
    successStatus: 200,
  }),
};
