import "server-only";
import { defineJobRunner, PermanentJobError } from "../jobs/define";
import { validationJobContract } from "../jobs/contracts";
import { describeFailures } from "./reports";
import { evaluateCommit, findValidationSubject, recordJobReport, ValidationInputError } from "./run-validation";

/** Resolves once the signal aborts, or after `ms` (the cancellation watcher polls every 500 ms). */
const abortedWithin = (signal: AbortSignal, ms: number) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Runs a group's suite against a commit and records the report (docs/validation.md). Cancellation is checked between
 * the phases (finding the suite, evaluating, recording); the report is recorded only by a live, uncancelled attempt,
 * so a FAILED or CANCELLED job leaves none, and a retry replaces an interrupted attempt's. The result holds the
 * report's id, outcome and counts — never a value (it is readable with jobs:read).
 */
export const validationJobRunner = defineJobRunner({
  contract: validationJobContract,
  run: async ({ job, payload, progress, log, signal }) => {
    try {
      progress({ fraction: 0.05, message: "finding the suite" });
      const subject = await findValidationSubject({ projectId: job.projectId, featureGroupId: payload.featureGroupId });
      signal.throwIfAborted();
      progress({
        fraction: 0.1,
        message: `checking ${subject.suite.rules.length} rules against commit ${payload.commit}`,
      });
      const evaluation = await evaluateCommit(subject, payload.commit);
      signal.throwIfAborted();
      progress({ fraction: 0.9, rowsProcessed: evaluation.rowCount, message: "recording the report" });
      const report = await recordJobReport({ subject, evaluation, commit: payload.commit, job });
      if (!report) {
        // Cancelled (or superseded) just before the report: let the abort arrive so the job ends CANCELLED.
        await abortedWithin(signal, 3000);
        signal.throwIfAborted();
        throw new Error("The job stopped being this attempt's before its report was recorded");
      }
      const failures = describeFailures(evaluation.results);
      await log(
        report.outcome === "FAILED" ? "warn" : "info",
        `Checked ${evaluation.rowCount} rows of commit ${payload.commit}: ${report.outcome}${failures ? ` (${failures})` : ""}; report ${report.id}`,
      );
      return {
        reportId: report.id,
        outcome: report.outcome,
        commitVersion: payload.commit,
        rowCount: evaluation.rowCount,
        failedRules: evaluation.results.filter((result) => !result.success).length,
        rules: evaluation.results.length,
      };
    } catch (error) {
      if (error instanceof ValidationInputError) throw new PermanentJobError(error.message, { cause: error });
      throw error;
    }
  },
});
