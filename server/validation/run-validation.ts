import "server-only";
import { DeltaVersionNotFoundError, readTable, withDuckDb } from "../offline";
import { db } from "../db/client";
import { featureGroupWhere } from "../access-where";
import { evaluateRules, type TEvaluation } from "./evaluate";
import { findSuiteForIngest } from "./suites";
import { saveReport } from "./reports";
import { evaluationInput, VALIDATION_DUCKDB } from "./run";

// The validation job's work (runner: validation-job.ts): run a feature group's suite against one of its commits —
// the commit's snapshot is the load, and the rows visible after it; freshness is judged at the commit's time — and
// record the ON_DEMAND report, linked to the job, only while the job is still the live attempt and not cancelled.

/** Input that can never be validated (a vanished group or suite, a vacuumed commit): the job fails at once. */
export class ValidationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValidationInputError";
  }
}

/** The group (in the job's project) and its suite, or a ValidationInputError. */
export const findValidationSubject = async ({
  projectId,
  featureGroupId,
}: {
  projectId: string;
  featureGroupId: string;
}) => {
  const group = await db.featureGroup.findFirst({
    where: { ...featureGroupWhere({ projectId, intent: "write" }), id: featureGroupId },
    include: { features: { orderBy: { position: "asc" } } },
  });
  if (!group) throw new ValidationInputError("The feature group no longer exists");
  const suite = await findSuiteForIngest(group.id);
  if (!suite)
    throw new ValidationInputError(`Feature group '${group.name}' version ${group.version} has no expectation suite`);
  return { group, suite };
};

type TSubject = Awaited<ReturnType<typeof findValidationSubject>>;

/** Evaluates the suite over the commit's snapshot (nothing is written). */
export const evaluateCommit = async ({ group, suite }: TSubject, commit: number): Promise<TEvaluation> =>
  withDuckDb(VALIDATION_DUCKDB, async (connection) => {
    const relation = await readTable({ tablePath: group.tablePath, asOf: { version: commit }, connection }).catch(
      (error: unknown) => {
        if (!(error instanceof DeltaVersionNotFoundError)) throw error;
        throw new ValidationInputError(
          `Commit ${commit} cannot be read: ${error.message.replace(/^Delta table [^:]+: /, "")}`,
        );
      },
    );
    return evaluateRules({
      connection,
      loadSql: relation.sql,
      visibleAfterSql: async () => relation.sql,
      // The snapshot is the load: no row is kept beside it.
      keptRowsWithLoadValuesSql: async () => "SELECT 0",
      rules: suite.rules,
      ...evaluationInput(group),
      now: new Date(relation.timestamp),
    });
  });

/**
 * Records the job's report: replaces what an interrupted attempt of the same job recorded, in one transaction that
 * first locks the job's row while it is this attempt's, RUNNING and not asked to cancel — so a report exists only
 * for a job that goes on to SUCCEEDED (a cancel request waits for the lock, and the run then finishes). Null when
 * the job is no longer live: nothing is recorded.
 */
export const recordJobReport = async ({
  subject: { group, suite },
  evaluation,
  commit,
  job,
}: {
  subject: TSubject;
  evaluation: TEvaluation;
  commit: number;
  job: { id: string; attempt: number; createdById: string | null };
}) =>
  db.$transaction(async (tx) => {
    const live = await tx.job.updateMany({
      where: { id: job.id, attempts: job.attempt, status: "RUNNING", cancelRequestedAt: null },
      data: { status: "RUNNING" },
    });
    if (live.count === 0) return null;
    await tx.validationReport.deleteMany({ where: { jobId: job.id, trigger: "ON_DEMAND" } });
    return saveReport({
      client: tx,
      featureGroupId: group.id,
      trigger: "ON_DEMAND",
      policy: suite.policy,
      evaluation,
      written: null,
      jobId: job.id,
      deltaVersion: commit,
      userId: job.createdById,
    });
  });
