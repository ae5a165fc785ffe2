import "server-only";

/**
 * Data validation: expectation suites on feature groups and the reports of their runs (docs/validation.md).
 * Sits below ingest/: the ingest runner applies a group's suite inside the write, before the commit.
 *
 *   getSuite / putSuite / deleteSuite            the suite of a group version (put and delete are audited)
 *   listReports / getReport                      reports, redacted per reader (featureData:read sees values)
 *   runSuiteOnDemand({ …, commitVersion? })      queues the validation job (validation-job.ts) that runs the suite
 *                                                against a commit and records the report; returns { job }
 *   findSuiteForIngest / validateStagedLoad / completeIngestReport   the ingest's half
 */
export { getSuite, putSuite, deleteSuite, findSuiteForIngest } from "./suites";
export { listReports, getReport } from "./reports";
export { runSuiteOnDemand, validateStagedLoad, completeIngestReport } from "./run";
export { evaluateSuiteOverRows } from "./evaluate-rows";
