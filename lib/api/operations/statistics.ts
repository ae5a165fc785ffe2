import { defineOperation, nameParam, projectParams, ZVersionParamSchema } from "../operation";
import { ZEnqueuedJobSchema } from "../jobs";
import {
  ZComputeStatisticsSchema,
  ZStatisticsConfigSchema,
  ZStatisticsHistorySchema,
  ZStatisticsQuerySchema,
  ZStatisticsSchema,
  ZTrainingDatasetStatisticsSchema,
} from "../statistics";

// Statistics of feature group commits and training dataset splits (docs/statistics.md). Reading them needs only
// the metadata scope; values in them are hidden without featureData:read (lib/statistics-values.ts).

const P = "/api/v1/projects/{project}";
const FG = `${P}/feature-groups/{name}/{version}`;
const featureGroupParams = projectParams.extend({ name: nameParam("Feature group"), version: ZVersionParamSchema });
const trainingDatasetParams = projectParams.extend({
  name: nameParam("Training dataset"),
  version: ZVersionParamSchema,
});
const TAG = "Statistics";

export const STATISTICS_OPERATIONS = {
  getFeatureGroupStatistics: defineOperation({
    id: "getFeatureGroupStatistics",
    method: "get",
    path: `${FG}/statistics`,
    summary: "Statistics of the feature group as of a commit (default: the latest described), or of a window of it",
    tag: TAG,
    scope: "featureGroups:read",
    params: featureGroupParams,
    query: ZStatisticsQuerySchema,
    response: ZStatisticsSchema,
    successStatus: 200,
  }),
  computeFeatureGroupStatistics: defineOperation({
    id: "computeFeatureGroupStatistics",
    method: "post",
    path: `${FG}/statistics`,
    summary: "Compute statistics of any commit (time travel) or an event-time window of it; returns the job",
    tag: TAG,
    scope: "featureGroups:write",
    params: featureGroupParams,
    body: ZComputeStatisticsSchema,
    response: ZEnqueuedJobSchema,
    successStatus: 202,
  }),
  getFeatureGroupStatisticsHistory: defineOperation({
    id: "getFeatureGroupStatisticsHistory",
    method: "get",
    path: `${FG}/statistics/history`,
    summary: "Each feature's null ratio and mean across the described commits",
    tag: TAG,
    scope: "featureGroups:read",
    params: featureGroupParams,
    response: ZStatisticsHistorySchema,
    successStatus: 200,
  }),
  getStatisticsConfig: defineOperation({
    id: "getStatisticsConfig",
    method: "get",
    path: `${FG}/statistics/config`,
    summary: "What the statistics job computes after each commit of this group",
    tag: TAG,
    scope: "featureGroups:read",
    params: featureGroupParams,
    response: ZStatisticsConfigSchema,
    successStatus: 200,
  }),
  updateStatisticsConfig: defineOperation({
    id: "updateStatisticsConfig",
    method: "put",
    path: `${FG}/statistics/config`,
    summary: "Switch statistics on or off, choose columns, histograms, correlations, exact distinct counts",
    tag: TAG,
    scope: "featureGroups:write",
    params: featureGroupParams,
    body: ZStatisticsConfigSchema,
    response: ZStatisticsConfigSchema,
    successStatus: 200,
  }),
  getTrainingDatasetStatistics: defineOperation({
    id: "getTrainingDatasetStatistics",
    method: "get",
    path: `${P}/training-datasets/{name}/{version}/statistics`,
    summary: "Statistics of each split of a training dataset",
    tag: TAG,
    scope: "trainingDatasets:read",
    params: trainingDatasetParams,
    response: ZTrainingDatasetStatisticsSchema,
    successStatus: 200,
  }),
};
