import "server-only";

// Statistics of feature group commits and training dataset splits (docs/statistics.md): what routes may use.
// The job's runner (statistics-job.ts) reaches the worker through server/jobs/worker-runners.ts.
export {
  computeStatistics,
  getFeatureGroupStatistics,
  getStatisticsConfig,
  getStatisticsHistory,
  getTrainingDatasetStatistics,
  updateStatisticsConfig,
} from "./statistics";
export { describeRows } from "./describe-rows";
