import { ZForcedDeleteQuerySchema } from "@/lib/api/lineage";
import { z } from "zod";
import { defineOperation, nameParam, projectParams, ZVersionParamSchema } from "../operation";
import {
  ZCreateFeatureViewSchema,
  ZFeatureViewListQuerySchema,
  ZFeatureViewListSchema,
  ZFeatureViewSchema,
} from "../feature-views";
import {
  SPLIT_NAMES,
  WHOLE_SPLIT,
  ZBatchDataResponseSchema,
  ZBatchDataSchema,
  ZCreatedTrainingDatasetSchema,
  ZCreateTrainingDatasetSchema,
  ZDownloadSplitQuerySchema,
  ZTrainingDatasetListSchema,
  ZTrainingDatasetSchema,
  ZTrainingDatasetSummaryListSchema,
} from "../training-datasets";
import { ZVectorRequestSchema, ZVectorResponseSchema } from "../serving";

// Feature views, the training datasets made from them, batch data and online vectors.

const P = "/api/v1/projects/{project}";
const FV = `${P}/feature-views/{name}/{version}`;
const TD = `${P}/training-datasets/{name}/{version}`;
const featureViewParams = projectParams.extend({ name: nameParam("Feature view"), version: ZVersionParamSchema });
const trainingDatasetParams = projectParams.extend({
  name: nameParam("Training dataset"),
  version: ZVersionParamSchema,
});
// Files a training dataset split or batch data can be streamed as.
const DATA_FILE_TYPES = ["application/vnd.apache.parquet", "text/csv"];

export const FEATURE_VIEW_OPERATIONS = {
  listFeatureViews: defineOperation({
    id: "listFeatureViews",
    method: "get",
    path: `${P}/feature-views`,
    summary: "Feature views, by name",
    tag: "Feature views",
    scope: "featureViews:read",
    params: projectParams,
    query: ZFeatureViewListQuerySchema,
    response: ZFeatureViewListSchema,
    successStatus: 200,
  }),
  createFeatureView: defineOperation({
    id: "createFeatureView",
    method: "post",
    path: `${P}/feature-views`,
    summary:
      "Define a feature view version: root group, joins (star or snowflake), labels, filter, transformations, on-demand features",
    tag: "Feature views",
    scope: "featureViews:write",
    params: projectParams,
    body: ZCreateFeatureViewSchema,
    response: ZFeatureViewSchema,
    successStatus: 201,
  }),
  getFeatureView: defineOperation({
    id: "getFeatureView",
    method: "get",
    path: FV,
    summary: "A feature view with its features, joins, serving keys and training datasets",
    tag: "Feature views",
    scope: "featureViews:read",
    params: featureViewParams,
    response: ZFeatureViewSchema,
    successStatus: 200,
  }),
  deleteFeatureView: defineOperation({
    id: "deleteFeatureView",
    method: "delete",
    path: FV,
    summary:
      "Delete a version (409 naming its training datasets and models, unless forced: ?force=true, lineage:override; they stay, marked broken)",
    tag: "Feature views",
    scope: "featureViews:write",
    params: featureViewParams,
    query: ZForcedDeleteQuerySchema,
    successStatus: 204,
  }),
  getFeatureVector: defineOperation({
    id: "getFeatureVector",
    method: "post",
    path: `${FV}/vector`,
    summary:
      "An online feature vector for serving keys, as the feature server answers it (same-origin for the console; audited)",
    tag: "Feature views",
    scope: "featureData:read",
    params: featureViewParams,
    body: ZVectorRequestSchema,
    rawBody: { contentType: "application/json" },
    response: ZVectorResponseSchema,
    successStatus: 200,
  }),
  listTrainingDatasets: defineOperation({
    id: "listTrainingDatasets",
    method: "get",
    path: `${FV}/training-datasets`,
    summary: "Training datasets made from this view",
    tag: "Training datasets",
    scope: "trainingDatasets:read",
    params: featureViewParams,
    response: ZTrainingDatasetListSchema,
    successStatus: 200,
  }),
  createTrainingDataset: defineOperation({
    id: "createTrainingDataset",
    method: "post",
    path: `${FV}/training-datasets`,
    summary: "Materialize a point-in-time-correct training dataset (time range or spine; splits); returns its job",
    tag: "Training datasets",
    scope: "trainingDatasets:write",
    params: featureViewParams,
    body: ZCreateTrainingDatasetSchema,
    response: ZCreatedTrainingDatasetSchema,
    successStatus: 202,
  }),
  getBatchData: defineOperation({
    id: "getBatchData",
    method: "post",
    path: `${FV}/batch-data`,
    summary: "Batch inference data for entities (as of a time) or a time range; JSON, or a Parquet/CSV file",
    tag: "Training datasets",
    scope: "featureData:read",
    params: featureViewParams,
    body: ZBatchDataSchema,
    response: ZBatchDataResponseSchema,
    fileContentTypes: DATA_FILE_TYPES,
    successStatus: 200,
  }),
  listProjectTrainingDatasets: defineOperation({
    id: "listProjectTrainingDatasets",
    method: "get",
    path: `${P}/training-datasets`,
    summary:
      "Every training dataset of the project, with its feature view (also those kept, marked broken, after their view was deleted by force)",
    tag: "Training datasets",
    scope: "trainingDatasets:read",
    params: projectParams,
    response: ZTrainingDatasetSummaryListSchema,
    successStatus: 200,
  }),
  getTrainingDataset: defineOperation({
    id: "getTrainingDataset",
    method: "get",
    path: TD,
    summary: "A training dataset: splits, row counts, source commits, job, transformation statistics",
    tag: "Training datasets",
    scope: "trainingDatasets:read",
    params: trainingDatasetParams,
    response: ZTrainingDatasetSchema,
    successStatus: 200,
  }),
  deleteTrainingDataset: defineOperation({
    id: "deleteTrainingDataset",
    method: "delete",
    path: TD,
    summary: "Delete a training dataset and its files (409 while models name it, unless forced by an Owner)",
    tag: "Training datasets",
    scope: "trainingDatasets:write",
    params: trainingDatasetParams,
    query: ZForcedDeleteQuerySchema,
    successStatus: 204,
  }),
  downloadTrainingDatasetSplit: defineOperation({
    id: "downloadTrainingDatasetSplit",
    method: "get",
    path: `${TD}/splits/{split}`,
    summary: "Stream a split's file (train, validation, test or all)",
    tag: "Training datasets",
    scope: "featureData:read",
    params: trainingDatasetParams.extend({
      split: z
        .enum([...SPLIT_NAMES, WHOLE_SPLIT])
        .meta({ title: "Split", description: "train, validation, test or all" }),
    }),
    query: ZDownloadSplitQuerySchema,
    fileContentTypes: DATA_FILE_TYPES,
    successStatus: 200,
  }),
  recreateTrainingDataset: defineOperation({
    id: "recreateTrainingDataset",
    method: "post",
    path: `${TD}/recreate`,
    summary: "Re-create from the same pinned commits as a new version (same rows, same order)",
    tag: "Training datasets",
    scope: "trainingDatasets:write",
    params: trainingDatasetParams,
    response: ZCreatedTrainingDatasetSchema,
    successStatus: 202,
  }),
};
