import "server-only";
import { defineJobRunner, PermanentJobError } from "../jobs/define";
import { backtestJobContract } from "../jobs/contracts";
import { BacktestInputError, runBacktest } from "./run-backtest";

/** Resolves once the signal aborts, or after `ms` (the cancellation watcher polls every 500 ms). */
const abortedWithin = (signal: AbortSignal, ms: number) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Runs a backtest and records its report (docs/backtesting.md). Progress names the phase; cancellation is checked
 * between phases and interrupts DuckDB within one; the report is recorded only by a live, uncancelled attempt. The
 * job's result holds the report's id and counts — never a value (it is readable with jobs:read).
 */
export const backtestJobRunner = defineJobRunner({
  contract: backtestJobContract,
  run: async ({ job, payload, progress, log, signal }) => {
    try {
      const result = await runBacktest({
        projectId: job.projectId,
        payload,
        job,
        signal,
        step: (fraction, message) => progress({ fraction, message }),
      });
      if (result.alreadyRecorded) {
        await log("info", `The report ${result.backtestId} was recorded by an earlier attempt`);
        return { backtestId: result.backtestId };
      }
      if (!result.backtestId) {
        // Cancelled (or superseded) just before the report: let the abort arrive so the job ends CANCELLED.
        await abortedWithin(signal, 3000);
        signal.throwIfAborted();
        throw new Error("The job stopped being this attempt's before its report was recorded");
      }
      await log(
        "info",
        `Compared ${result.rows.baseline} rows of the baseline with ${result.rows.candidate} of the new version: ` +
          `${result.keysOnlyInBaseline ?? "–"} keys only in the baseline, ${result.keysOnlyInCandidate ?? "–"} only in the new version, ` +
          `${result.breaches} drift thresholds crossed; report ${result.backtestId}`,
      );
      progress({ fraction: 1, rowsProcessed: result.rows.baseline + result.rows.candidate });
      return result;
    } catch (error) {
      if (error instanceof BacktestInputError) throw new PermanentJobError(error.message, { cause: error });
      throw error;
    }
  },
});
