import "server-only";
import type { TStagedLoad } from "../offline";
import { db } from "../db/client";
import { InvalidInputError, NotFoundError } from "../errors";
import { getFeatureGroupRow } from "../registry/feature-groups";
import { enqueueJob } from "../jobs";
import { validationJobContract } from "../jobs/contracts";
import { recordAuditEvent } from "../audit/record";
import type { TVersionAction } from "../principal";
import type { TValidationPolicy, TValidationRule } from "@/lib/api/validation";
import { evaluateRules, type TEvaluation } from "./evaluate";
import { findSuiteForIngest } from "./suites";
import { describeFailures, outcomeOf, saveReport } from "./reports";
import type { TFeatureType } from "@/lib/api/feature-groups";

// Running a suite: before an ingest's commit, over the staged load (validateStagedLoad, called by the ingest from
// inside the write), and on demand against a commit of the group — by a job (validation-job.ts) this queues.

export const VALIDATION_DUCKDB = { memoryLimit: "512MB", threads: 2 };

type TGroupShape = {
  id: string;
  primaryKey: string[];
  eventTime: string | null;
  features: { name: string; type: string }[];
};

export const evaluationInput = (group: TGroupShape) => ({
  features: group.features.map((feature) => ({ name: feature.name, type: feature.type as TFeatureType })),
  keyColumns: [...group.primaryKey, ...(group.eventTime ? [group.eventTime] : [])],
});

type TLoadValidation = {
  policy: TValidationPolicy;
  evaluation: TEvaluation;
  /** STRICT with a failed error rule: the load must not be written. */
  rejected: boolean;
  /** The failed error rules and their counts, no values (for the job's error). */
  failures: string;
  /** The report id, once written (a rejected load's report is written before the ingest fails). */
  reportId: string | null;
};

/**
 * Evaluates the suite over the staged load and saves its report at once, before the commit: `written: false` and no
 * commit yet. A rejected load's report stays so (no commit will follow); a written load's is completed by
 * completeIngestReport once the commit exists — by this attempt, or by the retry of one killed in between, which
 * finds the commit already in the Delta log and the report already saved (the report never goes missing).
 */
export const validateStagedLoad = async ({
  staged,
  group,
  suite,
  jobId,
  userId,
}: {
  staged: TStagedLoad;
  group: TGroupShape;
  suite: { policy: TValidationPolicy; rules: TValidationRule[] };
  jobId: string;
  userId: string | null;
}): Promise<TLoadValidation> => {
  const evaluation = await evaluateRules({
    connection: staged.connection,
    loadSql: staged.loadSql,
    visibleAfterSql: staged.visibleAfterSql,
    keptRowsWithLoadValuesSql: staged.keptRowsWithLoadValuesSql,
    rules: suite.rules,
    ...evaluationInput(group),
    now: new Date(),
  });
  const rejected = suite.policy === "STRICT" && outcomeOf(evaluation.results) === "FAILED";
  // An earlier attempt of this job killed before its commit left a report of a load that was never written.
  await db.validationReport.deleteMany({ where: { jobId, trigger: "INGEST", deltaVersion: null } });
  const report = await saveReport({
    featureGroupId: group.id,
    trigger: "INGEST",
    policy: suite.policy,
    evaluation,
    written: false,
    jobId,
    deltaVersion: null,
    userId,
  });
  return {
    policy: suite.policy,
    evaluation,
    rejected,
    failures: describeFailures(evaluation.results),
    reportId: report.id,
  };
};

/**
 * The job's ingest report, saved before its commit, now names the commit (`written: true`); null when the load had
 * no suite. Called after the write, and by a retry whose commit an earlier attempt wrote.
 */
export const completeIngestReport = async ({ jobId, deltaVersion }: { jobId: string; deltaVersion: number }) => {
  const pending = await db.validationReport.findFirst({
    where: { jobId, trigger: "INGEST", OR: [{ deltaVersion: null }, { deltaVersion }] },
    orderBy: { createdAt: "desc" },
  });
  if (!pending) return null;
  return db.validationReport.update({ where: { id: pending.id }, data: { written: true, deltaVersion } });
};

/**
 * Queues the validation job that runs the group's suite against one of its commits (the latest by default) and
 * returns it (202): the job records the report (validation-job.ts). Audited here, as the caller's act.
 */
export const runSuiteOnDemand = async ({ commitVersion, ...ref }: TVersionAction & { commitVersion?: number }) => {
  const { ctx, access, name, version } = ref;
  const group = await getFeatureGroupRow({ access, intent: "write", name, version });
  if (!(await findSuiteForIngest(group.id)))
    throw new NotFoundError(`Feature group '${name}' version ${version} has no expectation suite`);
  const commit = commitVersion ?? group.deltaVersion;
  if (commit > group.deltaVersion) {
    const message = `must be a commit of this group (0 … ${group.deltaVersion})`;
    throw new InvalidInputError(`Commit ${commit} does not exist`, [{ path: "commitVersion", message }]);
  }
  const job = await enqueueJob({
    ctx,
    access,
    type: validationJobContract.type,
    payload: { featureGroupId: group.id, commit },
    featureGroupId: group.id,
  });
  await recordAuditEvent({
    ctx,
    project: access.project,
    action: "featureGroup.validationSuite.run",
    resourceType: "featureGroup",
    resourceId: group.id,
    resourceName: `${group.name} v${group.version}`,
    details: { jobId: job.id, commitVersion: commit },
  });
  return { job };
};
