import "server-only";
import { createHash } from "node:crypto";
import type { ErasureRequest } from "../db/generated/client";
import type { TErasureSteps, TErasureSummary } from "./steps";

// The erasure's report (docs/erasure.md): what was touched where, with counts, and no erased value — keys appear as
// their digests. It is recorded as the exact text served for download, and its SHA-256 is taken of those bytes, so
// `sha256sum erasure-<id>.json` matches the request's `report.sha256` and the audit event's.

const REPORT_FORMAT = "larder.erasure-report/1";

export const summarize = (steps: TErasureSteps): TErasureSummary => {
  const groups = Object.values(steps.groups ?? {});
  const datasets = Object.values(steps.datasets ?? {});
  return {
    rowsErased: groups.reduce((sum, group) => sum + (group.offline?.rowsDeleted ?? 0), 0),
    filesRewritten: groups.reduce((sum, group) => sum + (group.offline?.filesRewritten ?? 0), 0),
    filesDeleted:
      groups.reduce(
        (sum, group) => sum + (group.offline?.dataFilesDeleted ?? 0) + (group.offline?.logFilesDeleted ?? 0),
        0,
      ) + datasets.reduce((sum, dataset) => sum + (dataset.filesDeleted ?? 0), 0),
    onlineKeysDeleted: groups.reduce((sum, group) => sum + (group.online?.keysDeleted ?? 0), 0),
    trainingDatasets: datasets.filter((dataset) => dataset.action !== "none").length,
  };
};

export const buildReport = ({
  request,
  project,
  steps,
  completedAt,
  createdBy,
}: {
  request: ErasureRequest;
  project: { id: string; name: string };
  steps: TErasureSteps;
  completedAt: Date;
  createdBy: string | null;
}): { text: string; sha256: string } => {
  const plan = steps.plan!;
  const document = {
    format: REPORT_FORMAT,
    request: {
      id: request.id,
      project,
      createdAt: request.createdAt.toISOString(),
      createdBy,
      note: request.note,
      datasetPolicy: request.datasetPolicy,
      keyColumns: request.keyColumns,
      keyCount: request.keyCount,
      keyDigests: request.keyDigests,
      jobId: request.jobId,
    },
    completedAt: completedAt.toISOString(),
    summary: summarize(steps),
    featureGroups: plan.groups.map((group) => {
      const result = steps.groups?.[group.id] ?? {};
      return {
        id: group.id,
        name: group.name,
        version: group.version,
        found: {
          latestVersion: group.versionBefore,
          rowsInLatestVersion: group.liveRows,
          rowsInOlderFiles: group.historyRows,
          fileStatisticsNamingAKey: group.statisticsHoldKeys,
        },
        offline: result.offline ?? null,
        online: result.online ?? null,
        statisticsOfPurgedCommitsRemoved: result.statisticsRemoved ?? 0,
        timeTravel: result.offline
          ? `versions before ${result.offline.oldestReadableVersion} are refused as erased and vacuumed`
          : "unchanged (the keys were not found)",
      };
    }),
    trainingDatasets: plan.datasets.map((dataset) => ({
      id: dataset.id,
      name: dataset.name,
      version: dataset.version,
      holdsKeys: dataset.holdsKeys,
      reason: dataset.reason,
      ...(steps.datasets?.[dataset.id] ?? { action: "none" }),
    })),
    featureViews: plan.views.map((view) => ({
      id: view.id,
      name: view.name,
      version: view.version,
      servedVectorsCarryTheKey: view.carriesKey,
      servedVectorsMatchedBy: view.carriesKey
        ? "their key columns"
        : view.logsRequestKeys
          ? "the request keys logged with them"
          : "nothing: neither the vectors nor their log carry the key",
    })),
    otherStores: steps.stores ?? {},
  };
  const text = `${JSON.stringify(document, null, 2)}\n`;
  return { text, sha256: createHash("sha256").update(text, "utf8").digest("hex") };
};
