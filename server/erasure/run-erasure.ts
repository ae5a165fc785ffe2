import "server-only";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { recordAuditEvent } from "../audit/record";
import { InvalidInputError } from "../errors";
import { getEnv } from "../env";
import { withProjectErasureLock } from "../db/table-lock";
import { PermanentJobError, type TJobRunContext } from "../jobs/define";
// By path, not the door: it reaches the training runner, which only the worker loads.
import {
  DatasetNotRecreatableError,
  markTrainingDatasetErased,
  recreateTrainingDatasetWithout,
} from "../feature-views/erasure-datasets";
import { eraseGroupOffline, eraseGroupOnline, eraseGroupStatistics } from "./group-steps";
import { eraseJobText, eraseMonitorHistograms, eraseServedVectors, eraseValidationSamples } from "./other-stores";
import { loadGroupKeys, planErasure } from "./plan";
import { buildReport, summarize } from "./report";
import { holdsKeySql } from "./scan";
import { readSteps, saveSteps, type TErasureSteps, type TErasureWorking } from "./steps";
import type { TErasureKey } from "./targets";
import type { TGroupKeys } from "./scan";
import type { TDatasetPlan } from "./steps";
import { eraseRetainedUploads } from "./retained-files";

// The `erasure` job's work (docs/erasure.md), step after step, each recorded in the request once done:
//   1. plan        where the keys are (groups, older files, datasets, views); nothing deleted yet, still cancellable
//   2. the point of no return: cancelling is refused from here on
//   3. datasets    re-created without the keys (from the pinned commits, before they are purged) or marked
//   4. per group   delete commit + purge of the history (offline), online keys, statistics of purged commits
//   5. other stores: validation samples, served vectors, monitoring histograms, job text
//   6. the report, its SHA-256, the audit event; the values kept for the job are wiped
// A killed attempt resumes at the first step not recorded; every step is safe to redo.

/** Re-creates a dataset without the keys or marks it; one that turns out not re-creatable is marked, with why. */
const eraseDataset = async ({
  projectId,
  requestId,
  dataset,
  keysOf,
  signal,
  log,
}: {
  projectId: string;
  requestId: string;
  dataset: TDatasetPlan;
  keysOf: Map<string, TGroupKeys>;
  signal: AbortSignal;
  log: TRunErasure["log"];
}): Promise<NonNullable<TErasureSteps["datasets"]>[string]> => {
  const mark = async (reason: string) => {
    await markTrainingDatasetErased({ projectId, trainingDatasetId: dataset.id, erasureRequestId: requestId });
    return { action: "marked" as const, reason };
  };
  if (dataset.action !== "recreate") return mark(dataset.reason);
  const predicates = [...keysOf.values()].map((keys) => ({ keys, sql: holdsKeySql(keys) }));
  try {
    const recreated = await recreateTrainingDatasetWithout({
      projectId,
      trainingDatasetId: dataset.id,
      erasureRequestId: requestId,
      exclusions: {
        sourceWhere: new Map([...keysOf].map(([groupId, keys]) => [groupId, `NOT ${holdsKeySql(keys)}`])),
        // Rows whose own key columns hold a key go too, whichever source carried it (a spine, a join key).
        dropRows: (columns) => {
          const present = predicates.filter(({ keys }) => keys.keyColumns.every((c) => columns.includes(c)));
          return present.length ? present.map(({ sql }) => sql).join(" OR ") : null;
        },
      },
      signal,
    });
    await log(
      "info",
      `Training dataset ${dataset.name} v${dataset.version} re-created as v${recreated.newVersion} (${recreated.rowsBefore - recreated.rowsAfter} row(s) fewer); its files were deleted`,
    );
    return { action: "recreated", ...recreated };
  } catch (error) {
    if (!(error instanceof DatasetNotRecreatableError)) throw error;
    await log("warn", `Training dataset ${dataset.name} v${dataset.version}: ${error.message}`);
    return mark(error.message);
  }
};

/** Tests' fault injection (LARDER_FAULT): the worker dies here as if SIGKILLed by the OOM killer. */
const killAt = (point: string) => {
  if (getEnv().LARDER_FAULT === point) process.kill(process.pid, "SIGKILL");
};

const POINT_OF_NO_RETURN =
  "The erasure has started deleting, so it cannot be cancelled; if interrupted it resumes where it stopped";

type TRunErasure = Pick<TJobRunContext<unknown>, "progress" | "log" | "signal" | "refuseCancellation"> & {
  projectId: string;
  requestId: string;
  jobId: string;
  userId: string | null;
};

/** The job's work, one erasure of the project at a time (a second request waits for the first to finish). */
export const runErasure = async (args: TRunErasure) => {
  args.progress({ fraction: 0, message: "waiting for the project's erasure in progress, if any, to finish" });
  return withProjectErasureLock(args.projectId, () => runErasureAlone(args));
};

const runErasureAlone = async ({
  projectId,
  requestId,
  jobId,
  userId,
  progress,
  log,
  signal,
  refuseCancellation,
}: TRunErasure) => {
  const request = await db.erasureRequest.findFirst({
    where: { id: requestId, projectId },
    include: { project: { select: { id: true, name: true } } },
  });
  if (!request) throw new PermanentJobError("The erasure request no longer exists");
  if (request.status === "COMPLETED") return summarize(request.steps as TErasureSteps);
  if (!request.keyValues) throw new PermanentJobError("The erasure request has no keys left to erase");
  await db.erasureRequest.update({ where: { id: requestId }, data: { status: "RUNNING" } });
  const { project } = request;
  const step = async (fraction: number, message: string) => {
    progress({ fraction, message });
    await saveSteps(requestId, (steps) => ({ ...steps, step: message }));
  };
  const groups = await loadGroupKeys({
    projectId,
    featureGroupIds: request.featureGroupIds,
    keyValues: request.keyValues as unknown as TErasureKey[],
  }).catch((error: unknown) => {
    // A group changed since the request was filed so that a key no longer fits it: retrying will not help.
    if (error instanceof InvalidInputError)
      throw new PermanentJobError(`${error.message}: ${error.issues.map((i) => `${i.path} ${i.message}`).join("; ")}`);
    throw error;
  });

  let steps = await readSteps(requestId);
  if (!steps.plan) {
    await step(0.05, `finding ${request.keyCount} key(s) in ${groups.length} feature group(s)`);
    const planned = await planErasure({ project, groups, datasetPolicy: request.datasetPolicy as "recreate" | "mark" });
    steps = await saveSteps(
      requestId,
      (current) => ({
        ...current,
        plan: {
          at: new Date().toISOString(),
          groups: planned.groups,
          datasets: planned.datasets,
          views: planned.views,
        },
      }),
      { working: planned.working as unknown as Prisma.InputJsonValue },
    );
    const rows = planned.groups.reduce((sum, group) => sum + group.liveRows, 0);
    const acting = planned.datasets.filter((dataset) => dataset.action !== "none").length;
    await log(
      "info",
      `Found ${rows} row(s) in the latest versions of ${planned.groups.filter((g) => g.needsPurge).length} of ${planned.groups.length} feature group(s); ${acting} training dataset(s) hold the keys`,
    );
  }
  const plan = steps.plan!;
  killAt("kill-after-erasure-plan");
  signal.throwIfAborted();

  await refuseCancellation(POINT_OF_NO_RETURN);
  if (!steps.deletingSince) {
    steps = await saveSteps(requestId, (current) => ({ ...current, deletingSince: new Date().toISOString() }));
    await log("info", "Deleting: from now on the erasure cannot be cancelled");
  }
  const working = (await db.erasureRequest.findUniqueOrThrow({ where: { id: requestId } }))
    .working as TErasureWorking | null;
  if (!working) throw new PermanentJobError("The erasure's working set is missing; file the request again");
  const keysOf = new Map(groups.map((group) => [group.row.id, group.keys]));

  // Datasets first: re-creating one reads its pinned commits, which the purge below deletes.
  for (const [index, dataset] of plan.datasets.entries()) {
    if (dataset.action === "none" || steps.datasets?.[dataset.id]) continue;
    signal.throwIfAborted();
    await step(
      0.2 + (0.2 * index) / plan.datasets.length,
      `${dataset.action === "recreate" ? "re-creating" : "marking"} training dataset ${dataset.name} v${dataset.version}`,
    );
    const result = await eraseDataset({ projectId, requestId, dataset, keysOf, signal, log });
    killAt("kill-before-erasure-dataset-recorded");
    steps = await saveSteps(requestId, (current) => ({
      ...current,
      datasets: { ...current.datasets, [dataset.id]: result },
    }));
  }

  for (const [index, group] of plan.groups.entries()) {
    const keys = keysOf.get(group.id);
    const saveGroup = (change: Record<string, unknown>) =>
      saveSteps(requestId, (current) => ({
        ...current,
        groups: { ...current.groups, [group.id]: { ...current.groups?.[group.id], ...change } },
      }));
    const fraction = 0.4 + (0.4 * index) / plan.groups.length;
    if (steps.groups?.[group.id]?.offline === undefined) {
      signal.throwIfAborted();
      await step(
        fraction,
        `deleting from ${group.name} v${group.version} and purging its history (waiting for writes in flight)`,
      );
      const offline =
        keys && group.needsPurge ? await eraseGroupOffline({ group, keys, requestId, jobId, userId }) : null;
      steps = await saveGroup({ offline });
      if (offline)
        await log(
          "info",
          `${group.name} v${group.version}: ${offline.rowsDeleted} row(s) deleted in commit ${offline.deleteVersion} (${offline.filesRewritten} of ${offline.filesTotal} files rewritten); history purged: ${offline.dataFilesDeleted} data and ${offline.logFilesDeleted} log files deleted`,
        );
    }
    if (steps.groups?.[group.id]?.online === undefined) {
      await step(
        fraction + 0.1 / plan.groups.length,
        `deleting ${group.name} v${group.version}'s keys from the online store`,
      );
      steps = await saveGroup({
        online: await eraseGroupOnline({
          projectId,
          groupId: group.id,
          onlineKeys: working.onlineKeys[group.id] ?? [],
        }),
      });
    }
    if (steps.groups?.[group.id]?.statisticsRemoved === undefined) {
      const offline = steps.groups?.[group.id]?.offline;
      steps = await saveGroup({
        statisticsRemoved: offline
          ? await eraseGroupStatistics({ groupId: group.id, keptVersion: offline.oldestReadableVersion })
          : 0,
      });
    }
  }

  const storeSteps: [string, () => Promise<Record<string, number | string>>][] = [
    [
      "validationReports",
      () => eraseValidationSamples({ groups: groups.map((g) => ({ id: g.row.id, keys: g.keys })) }),
    ],
    [
      "servedVectors",
      async () =>
        groups.length
          ? eraseServedVectors({ projectId, views: plan.views, keys: groups[0].keys, requestId })
          : { stagedVectorsRemoved: 0 },
    ],
    ["uploads", () => eraseRetainedUploads({ projectId, groups })],
    [
      "monitoring",
      () =>
        eraseMonitorHistograms({
          projectId,
          groupIds: plan.groups.map((g) => g.id),
          viewIds: plan.views.map((v) => v.id),
          before: new Date(),
        }),
    ],
    [
      "jobText",
      () =>
        eraseJobText({
          projectId,
          groups: groups.map((g) => ({ id: g.row.id, keys: g.keys })),
          valueTexts: working.valueTexts,
        }),
    ],
  ];
  for (const [index, [name, run]] of storeSteps.entries()) {
    if (steps.stores?.[name]) continue;
    signal.throwIfAborted();
    await step(0.8 + (0.15 * index) / storeSteps.length, `removing the keys from ${name}`);
    const result = await run();
    killAt(`kill-before-erasure-${name}-recorded`);
    steps = await saveSteps(requestId, (current) => ({ ...current, stores: { ...current.stores, [name]: result } }));
  }

  await step(0.97, "recording the report");
  const completedAt = new Date();
  const creator = request.createdById
    ? await db.user.findUnique({ where: { id: request.createdById }, select: { email: true } })
    : null;
  const report = buildReport({ request, project, steps, completedAt, createdBy: creator?.email ?? null });
  const summary = summarize(steps);
  await db.$transaction(async (tx) => {
    await tx.erasureRequest.update({
      where: { id: requestId },
      data: {
        status: "COMPLETED",
        completedAt,
        report: report.text,
        reportSha256: report.sha256,
        steps: { ...steps, step: "completed", summary } as unknown as Prisma.InputJsonValue,
        // The values were needed until now; the filter keeps only digests.
        keyValues: Prisma.DbNull,
        working: Prisma.DbNull,
      },
    });
    await recordAuditEvent({
      ctx: null,
      project,
      action: "erasure.complete",
      resourceType: "erasureRequest",
      resourceId: requestId,
      resourceName: `erasure of ${request.keyCount} key(s) by ${request.keyColumns.join(", ")}`,
      details: { keyDigests: request.keyDigests, reportSha256: report.sha256, jobId, ...summary },
      tx,
    });
  });
  await log("info", `Report recorded; SHA-256 ${report.sha256}`);
  return { ...summary, reportSha256: report.sha256 };
};
