import "server-only";

// The job runner's public surface. Other areas define job types (defineJob + definitions/index.ts) and
// enqueue them; everything else in this folder is private to it.
export {
  defineJob,
  PermanentJobError,
  JOB_DEFAULTS,
  type TJobDefinition,
  type TJobRunContext,
  type TProgressUpdate,
} from "./define";
export { enqueueJob, retryJob } from "./enqueue";
export { cancelJob } from "./cancel";
export { findJob, findJobs, findJobLogs } from "./queries";
export { createJobSchedule, deleteJobSchedule, findJobSchedules, updateJobSchedule } from "./schedules";
export { registerJobDefinition, findJobDefinition, listJobDefinitions } from "./registry";
export { startWorker, WORKER_DEFAULTS, type TWorker, type TWorkerOptions } from "./worker";
