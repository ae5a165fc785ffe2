import "server-only";

// Feature views and training datasets: what other areas (routes, demo, online serving, bench) may use.
export { createFeatureView, deleteFeatureView, findFeatureViews, getFeatureView } from "./feature-views";
export {
  deleteTrainingDataset,
  downloadSplit,
  findTrainingDatasets,
  getTrainingDataset,
  listProjectTrainingDatasets,
} from "./training-datasets";
export { createTrainingDataset, recreateTrainingDataset } from "./training-dataset-create";
export { getBatchData, materializeBatchWindow } from "./batch-data";
export { typedSourceSql } from "./split-format";
export type { TFeatureViewPlan } from "./plan";
export { parseExpression, type TExprNode } from "./expression/parse";
export { evaluateOnDemand } from "./expression/evaluate";
export { requestValueIssue } from "./expression/values";
