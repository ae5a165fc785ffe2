import "server-only";
import { z } from "zod";
import { ZCreateFeatureViewSchema, ZDeleteFeatureViewQuerySchema, ZFeatureViewListQuerySchema, ZFeatureViewListSchema, ZFeatureViewSchema } from "@/lib/api/feature-views";
import {
  ZBatchDataResponseSchema,
  ZBatchDataSchema,
  ZCreatedTrainingDatasetSchema,
  ZCreateTrainingDatasetSchema,
  ZDownloadSplitQuerySchema,
  ZTrainingDatasetListSchema,
  ZTrainingDatasetSchema,
} from "@/lib/api/training-datasets";
import type { TApiOperation } from "./openapi-operations";

const P = "/api/v1/projects/{project}";
const FV = `${P}/feature-views/{name}/{version}`;
const TD = `${P}/training-datasets/{name}/{version}`;

export const FEATURE_VIEW_OPERATIONS: TApiOperation[] = [
  { id: "listFeatureViews", method: "get", path: `${P}/feature-views`, summary: "Feature views, by name", tag: "Feature views", scope: "featureGroups:read", query: ZFeatureViewListQuerySchema, response: ZFeatureViewListSchema },
  { id: "createFeatureView", method: "post", path: `${P}/feature-views`, summary: "Define a feature view version: root group, joins (star or snowflake), labels, filter, transformations, on-demand features", tag: "Feature views", scope: "featureGroups:write", body: ZCreateFeatureViewSchema, response: ZFeatureViewSchema },
  { id: "getFeatureView", method: "get", path: FV, summary: "A feature view with its features, joins, serving keys and training datasets", tag: "Feature views", scope: "featureGroups:read", response: ZFeatureViewSchema },
  { id: "deleteFeatureView", method: "delete", path: FV, summary: "Delete a version (409 while it has training datasets, unless ?force=true)", tag: "Feature views", scope: "featureGroups:write", query: ZDeleteFeatureViewQuerySchema, successStatus: 204 },
  { id: "listTrainingDatasets", method: "get", path: `${FV}/training-datasets`, summary: "Training datasets made from this view", tag: "Training datasets", scope: "featureGroups:read", response: ZTrainingDatasetListSchema },
  { id: "createTrainingDataset", method: "post", path: `${FV}/training-datasets`, summary: "Materialize a point-in-time-correct training dataset (time range or spine; splits); returns its job", tag: "Training datasets", scope: "featureGroups:write", body: ZCreateTrainingDatasetSchema, response: ZCreatedTrainingDatasetSchema, successStatus: 202 },
  { id: "getBatchData", method: "post", path: `${FV}/batch-data`, summary: "Batch inference data for entities (as of a time) or a time range; JSON, or a Parquet/CSV file", tag: "Training datasets", scope: "featureData:read", body: ZBatchDataSchema, response: ZBatchDataResponseSchema, successStatus: 200 },
  { id: "getTrainingDataset", method: "get", path: TD, summary: "A training dataset: splits, row counts, source commits, job, transformation statistics", tag: "Training datasets", scope: "featureGroups:read", response: ZTrainingDatasetSchema },
  { id: "deleteTrainingDataset", method: "delete", path: TD, summary: "Delete a training dataset and its files", tag: "Training datasets", scope: "featureGroups:write", successStatus: 204 },
  { id: "downloadTrainingDatasetSplit", method: "get", path: `${TD}/splits/{split}`, summary: "Stream a split's file (train, validation, test or all)", tag: "Training datasets", scope: "featureData:read", query: ZDownloadSplitQuerySchema, response: z.string().describe("The file"), responseContentType: "application/octet-stream" },
  { id: "recreateTrainingDataset", method: "post", path: `${TD}/recreate`, summary: "Re-create from the same pinned commits as a new version (same rows, same order)", tag: "Training datasets", scope: "featureGroups:write", response: ZCreatedTrainingDatasetSchema, successStatus: 202 },
];
