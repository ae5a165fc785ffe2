import "server-only";
import { db } from "../db/client";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere } from "../access-where";
import { getLineageImpact } from "../lineage";
import { assertVersionReadable, withDuckDb } from "../offline";
import type { TFeatureViewPlan } from "../feature-views";
import type { TProjectAccess } from "../principal";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { SCOPES } from "@/lib/scopes";
import { logsRequestKeys } from "../serving/served-vector-table";
import { resolveErasureTargets, type TErasureKey } from "./targets";
import { datasetFilesHoldKeys, scanGroup, versionHoldsKeys, type TGroupKeys } from "./scan";
import type { TDatasetPlan, TErasureWorking, TGroupPlan, TViewPlan } from "./steps";

// The erasure's first step, before anything is deleted (the job may still be cancelled): where the keys are. Per
// group: the latest version, older files, logged statistics (scan.ts); downstream through lineage: the training
// datasets holding them and the feature views whose served vectors can carry them.

const ERASURE_DUCKDB = { memoryLimit: "1GB", threads: 2 };

/** The job acts with the request's authority in its project: what lineage's reads need to resolve its artifacts. */
const systemAccess = (project: { id: string; name: string }): TProjectAccess => ({
  project,
  role: "OWNER",
  scopes: SCOPES,
});

/** The request's groups that still exist, with each one's keys (texts, digests, types). */
export const loadGroupKeys = async ({
  projectId,
  featureGroupIds,
  keyValues,
}: {
  projectId: string;
  featureGroupIds: string[];
  keyValues: TErasureKey[];
}) => {
  const rows = await db.featureGroup.findMany({
    where: { ...featureGroupWhere({ projectId, intent: "write" }), id: { in: featureGroupIds } },
    include: { features: { orderBy: { position: "asc" } } },
  });
  const targets = await resolveErasureTargets({
    projectId,
    keys: keyValues,
    featureGroups: rows.map((row) => ({ name: row.name, version: row.version })),
  });
  return rows.map((row) => {
    const target = targets.groups.find((group) => group.id === row.id)!;
    return {
      row,
      keys: { keyColumns: targets.keyColumns, keyTypes: target.keyTypes, texts: target.texts, digests: target.digests },
      features: row.features.map((feature) => ({ name: feature.name, type: feature.type as TFeatureType })),
    };
  });
};

/** Why a dataset cannot be re-created (its view, a pinned commit or its uploaded spine is gone), or null. */
const whyNotRebuildable = async (
  projectId: string,
  dataset: {
    featureViewId: string | null;
    featureViewName: string;
    featureViewVersion: number;
    spine: unknown;
    sourceCommits: { tablePath: string; deltaVersion: number }[];
  },
): Promise<string | null> => {
  if (!dataset.featureViewId)
    return `its feature view ${dataset.featureViewName} v${dataset.featureViewVersion} was deleted (forced delete), so it cannot be re-created: marked instead`;
  const spine = dataset.spine as { type?: string; uploadId?: string };
  if (spine.type === "upload" && !(await db.upload.findFirst({ where: { projectId, id: spine.uploadId ?? "" } })))
    return "its uploaded spine no longer exists, so it cannot be re-created: marked instead";
  for (const pin of dataset.sourceCommits) {
    const readable = await assertVersionReadable({ tablePath: pin.tablePath, version: pin.deltaVersion }).then(
      () => true,
      () => false,
    );
    if (!readable) return "a pinned commit can no longer be read, so it cannot be re-created: marked instead";
  }
  return null;
};

export const planErasure = async ({
  project,
  groups,
  datasetPolicy,
}: {
  project: { id: string; name: string };
  groups: Awaited<ReturnType<typeof loadGroupKeys>>;
  datasetPolicy: "recreate" | "mark";
}): Promise<{ groups: TGroupPlan[]; datasets: TDatasetPlan[]; views: TViewPlan[]; working: TErasureWorking }> => {
  const working: TErasureWorking = { onlineKeys: {}, valueTexts: [] };
  const values = new Set<string>();
  const groupPlans: TGroupPlan[] = [];
  for (const { row, keys, features } of groups) {
    const scan = await withDuckDb(ERASURE_DUCKDB, (connection) =>
      scanGroup({ connection, tablePath: row.tablePath, keys, features, primaryKey: row.primaryKey }),
    );
    // A request naming the whole primary key deletes those keys online even where offline has none (out of sync).
    const wholeKey = row.primaryKey.every((column) => keys.keyColumns.includes(column));
    working.onlineKeys[row.id] = wholeKey
      ? keys.texts.map((texts) => row.primaryKey.map((column) => texts[keys.keyColumns.indexOf(column)]))
      : scan.onlineKeys;
    scan.valueTexts.forEach((text) => values.add(text));
    groupPlans.push({
      id: row.id,
      name: row.name,
      version: row.version,
      tablePath: row.tablePath,
      onlineEnabled: row.onlineEnabled,
      liveRows: scan.liveRows,
      historyRows: scan.historyRows,
      statisticsHoldKeys: scan.statisticsHoldKeys,
      needsPurge: scan.liveRows > 0 || scan.historyRows !== 0 || scan.statisticsHoldKeys,
      versionBefore: scan.version,
      liveFilesBefore: scan.liveFiles,
      dataFilesBefore: scan.dataFiles,
    });
  }
  working.valueTexts = [...values];

  // Downstream through lineage: every training dataset and feature view built (transitively) on an erased group.
  const access = systemAccess(project);
  const datasetIds = new Set<string>();
  const viewIds = new Set<string>();
  for (const { row } of groups) {
    const impact = await getLineageImpact({
      access,
      target: { kind: "feature_group", name: row.name, version: row.version },
    });
    for (const dependent of impact.dependents) {
      if (dependent.kind === "training_dataset") datasetIds.add(dependent.id);
      if (dependent.kind === "feature_view") viewIds.add(dependent.id);
    }
  }
  const keysOf = new Map(groups.map((group) => [group.row.id, group.keys]));
  const datasets: TDatasetPlan[] = [];
  // Datasets pinning an erased group directly are found even when lineage no longer reaches them: a forced delete of
  // their view removed its edges (docs/lineage.md "Forced delete") while the dataset and its files stayed.
  const rows = await db.trainingDataset.findMany({
    where: {
      ...trainingDatasetWhere({ projectId: project.id, intent: "write" }),
      OR: [
        { id: { in: [...datasetIds] } },
        { sourceCommits: { some: { featureGroupId: { in: groups.map((group) => group.row.id) } } } },
      ],
    },
    include: { sourceCommits: true, splits: true },
    orderBy: [{ name: "asc" }, { version: "asc" }],
  });
  for (const dataset of rows) {
    if (dataset.status !== "READY") continue;
    const pins = dataset.sourceCommits.filter((pin) => pin.featureGroupId && keysOf.has(pin.featureGroupId));
    let holdsKeys: TDatasetPlan["holdsKeys"] = pins.length === 0 ? "derived" : "no";
    for (const pin of pins) {
      const found = await withDuckDb(ERASURE_DUCKDB, (connection) =>
        versionHoldsKeys({
          connection,
          tablePath: pin.tablePath,
          version: pin.deltaVersion,
          keys: keysOf.get(pin.featureGroupId!)!,
        }),
      );
      if (found === "yes") holdsKeys = "yes";
      else if (found === "unknown" && holdsKeys === "no") holdsKeys = "unknown";
    }
    // Its pinned commits are gone (an earlier erasure re-created it from them): its own files tell.
    if (holdsKeys === "unknown") {
      const files = dataset.splits.map((split) => split.path);
      const found: string[] = [];
      for (const keys of new Set(pins.map((pin) => keysOf.get(pin.featureGroupId!)!)))
        found.push(
          await withDuckDb(ERASURE_DUCKDB, (connection) =>
            datasetFilesHoldKeys({ connection, files, format: dataset.format, keys }),
          ),
        );
      holdsKeys = found.includes("yes") ? "yes" : found.every((result) => result === "no") ? "no" : "unknown";
    }
    const acts = holdsKeys === "yes" || holdsKeys === "unknown";
    // Re-creating reads every pinned commit (and an uploaded spine) again: all of them must still be there.
    const notRebuildable =
      acts && datasetPolicy === "recreate"
        ? holdsKeys === "yes"
          ? await whyNotRebuildable(project.id, dataset)
          : "a pinned commit can no longer be read, so it cannot be re-created: marked instead"
        : null;
    const action: TDatasetPlan["action"] = !acts
      ? "none"
      : datasetPolicy === "recreate" && !notRebuildable
        ? "recreate"
        : "mark";
    datasets.push({
      id: dataset.id,
      name: dataset.name,
      version: dataset.version,
      holdsKeys,
      action,
      reason:
        holdsKeys === "derived"
          ? "built on a feature group derived from an erased one, not on an erased group itself: not checked"
          : holdsKeys === "no"
            ? "its pinned commits do not hold the keys"
            : notRebuildable
              ? notRebuildable
              : `the request's policy: ${datasetPolicy}`,
    });
  }
  const views = await db.featureView.findMany({
    where: { ...featureViewWhere({ projectId: project.id, intent: "write" }), id: { in: [...viewIds] } },
    select: { id: true, name: true, version: true, plan: true },
  });
  const keyColumns = groups[0]?.keys.keyColumns ?? [];
  return {
    groups: groupPlans,
    datasets,
    views: views.map((view) => {
      const plan = view.plan as unknown as TFeatureViewPlan;
      const outputs = new Set(plan.featureTypes.map(([name]) => name));
      const servingKeys = new Set(plan.servingKeys.map((key) => key.name));
      return {
        id: view.id,
        name: view.name,
        version: view.version,
        carriesKey: keyColumns.every((column) => outputs.has(column)),
        logsRequestKeys: logsRequestKeys(plan) && keyColumns.every((column) => servingKeys.has(column)),
      };
    }),
    working,
  };
};
