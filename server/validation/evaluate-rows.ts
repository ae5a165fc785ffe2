import "server-only";
import { withDuckDb } from "../offline";
import { evaluateRules, type TEvaluation } from "./evaluate";
import { outcomeOf } from "./reports";
import { evaluationInput, VALIDATION_DUCKDB } from "./run";
import { findSuiteForIngest } from "./suites";

// A group's expectation suite over rows a job has at hand (a backtest's window of one version, docs/backtesting.md):
// the rows are both the load and what is visible after it, as for an on-demand run; nothing is stored. Null when
// the group has no suite.

export const evaluateSuiteOverRows = async ({
  group,
  relationSql,
  now,
}: {
  group: { id: string; primaryKey: string[]; eventTime: string | null; features: { name: string; type: string }[] };
  /** A relation usable as `FROM … AS t` holding the group's columns. */
  relationSql: string;
  /** The instant freshness rules are judged at. */
  now: Date;
}): Promise<(TEvaluation & { outcome: ReturnType<typeof outcomeOf> }) | null> => {
  const suite = await findSuiteForIngest(group.id);
  if (!suite) return null;
  const evaluation = await withDuckDb(VALIDATION_DUCKDB, (connection) =>
    evaluateRules({
      connection,
      loadSql: relationSql,
      visibleAfterSql: async () => relationSql,
      // The rows are all there is: no row outside them holds a value of theirs.
      keptRowsWithLoadValuesSql: async () => "SELECT 0",
      rules: suite.rules,
      ...evaluationInput(group),
      now,
    }),
  );
  return { ...evaluation, outcome: outcomeOf(evaluation.results) };
};
