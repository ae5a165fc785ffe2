import "server-only";

// The job runner's public surface. Job types are declared as contracts in the catalog (./contracts) and run by
// runners in their domains (defineJobRunner), which the worker's entry hands to startWorker; other areas enqueue
// by contract. Everything else in this folder is private to it. The runners import ./define by path today, so
// defineJobRunner is not re-exported here (knip reports a door export nobody uses).
export { trainingDatasetJobContract } from "./contracts";
export { enqueueJob, retryJob } from "./enqueue";
export { cancelJob } from "./cancel";
export { findJob, findJobs, findJobLogs } from "./queries";
export { createJobSchedule, deleteJobSchedule, findJobSchedules, updateJobSchedule } from "./schedules";
export { assertValidCron, nextCronRun } from "./cron";
