import "server-only";

// The job runner's public surface. Job types are declared as contracts in the catalog (./contracts) and run by
// runners in their domains (defineJobRunner), which the worker's entry hands to startWorker; other areas enqueue
// by contract. Everything else in this folder is private to it.
export {
  defineJobRunner,
  PermanentJobError,
  JOB_DEFAULTS,
  type TJobContract,
  type TJobRunner,
  type TJobRunContext,
  type TProgressUpdate,
} from "./define";
export { trainingDatasetJobContract } from "./contracts";
export { enqueueJob, retryJob } from "./enqueue";
export { cancelJob } from "./cancel";
export { findJob, findJobs, findJobLogs } from "./queries";
export { createJobSchedule, deleteJobSchedule, findJobSchedules, updateJobSchedule } from "./schedules";
export { startWorker, WORKER_DEFAULTS, type TWorker, type TWorkerOptions } from "./worker";
