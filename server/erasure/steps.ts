import "server-only";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";

// What an erasure job has done, step by step (ErasureRequest.steps: no values, only names, counts and versions), and
// what it still needs to know (ErasureRequest.working: full keys and value texts, wiped when the job completes). A
// retried attempt reads both and skips every step already recorded: each step is recorded only once it is done, and
// each is safe to redo if the attempt died before recording it.

export type TGroupPlan = {
  id: string;
  name: string;
  version: number;
  tablePath: string;
  onlineEnabled: boolean;
  /** Rows holding the keys in the latest version. */
  liveRows: number;
  /** Rows holding the keys in files of older versions still on disk (null: they could not be read; purged anyway). */
  historyRows: number | null;
  /** Some logged file statistics (min/max) name a key. */
  statisticsHoldKeys: boolean;
  /** The table holds the keys somewhere: it gets a delete commit and its history is purged. */
  needsPurge: boolean;
  versionBefore: number;
  liveFilesBefore: number;
  dataFilesBefore: number;
};

export type TDatasetPlan = {
  id: string;
  name: string;
  version: number;
  /** yes / unknown (a pinned commit could not be read): erasure acts; no: left alone; derived: not built on an erased group. */
  holdsKeys: "yes" | "no" | "unknown" | "derived";
  action: "recreate" | "mark" | "none";
  reason: string;
};

export type TViewPlan = {
  id: string;
  name: string;
  version: number;
  carriesKey: boolean;
  /** Its vectors do not carry the key, but are logged with the request's keys, which include the key columns. */
  logsRequestKeys?: boolean;
};

export type TOfflineResult = {
  deleteVersion: number | null;
  rowsDeleted: number;
  filesRewritten: number;
  filesAdded: number;
  filesTotal: number;
  dataFilesDeleted: number;
  logFilesDeleted: number;
  oldestReadableVersion: number;
  /** The commit versions whose log entries the purge deleted, as ranges ("0-3"). */
  commitsRemoved: string;
  /** Names of the data files deleted (a file name: no partition directory, which could spell a value). */
  dataFileNames: string[];
};

type TGroupResult = {
  offline?: TOfflineResult | null;
  online?: { keysDeleted: number; store: string; cursorsRemoved: number } | null;
  statisticsRemoved?: number;
};

type TDatasetResult = {
  action: "recreated" | "marked" | "none";
  newVersion?: number;
  rowsBefore?: number;
  rowsAfter?: number;
  filesDeleted?: number;
  reason?: string;
};

export type TStoreResult = Record<string, number | string>;

export type TErasureSummary = {
  rowsErased: number;
  filesRewritten: number;
  filesDeleted: number;
  onlineKeysDeleted: number;
  trainingDatasets: number;
};

export type TErasureSteps = {
  /** What the job is doing or did last, for the console. */
  step?: string;
  plan?: { at: string; groups: TGroupPlan[]; datasets: TDatasetPlan[]; views: TViewPlan[] };
  /** When the job passed its point of no return (cancelling refused from then on). */
  deletingSince?: string;
  datasets?: Record<string, TDatasetResult>;
  groups?: Record<string, TGroupResult>;
  stores?: Record<string, TStoreResult>;
  summary?: TErasureSummary;
};

export type TErasureWorking = {
  /** Per group: the full primary keys (canonical texts) of rows holding the keys, for the online store. */
  onlineKeys: Record<string, string[][]>;
  /** Canonical texts of every value of the erased rows (capped), to find them in job logs and results. */
  valueTexts: string[];
};

export const readSteps = async (requestId: string): Promise<TErasureSteps> =>
  ((await db.erasureRequest.findUniqueOrThrow({ where: { id: requestId }, select: { steps: true } })).steps ??
    {}) as TErasureSteps;

/** Records a step's result (merged into what earlier steps recorded). The job is the only writer of its request. */
export const saveSteps = async (
  requestId: string,
  change: (steps: TErasureSteps) => TErasureSteps,
  extra: Prisma.ErasureRequestUpdateInput = {},
): Promise<TErasureSteps> => {
  const next = change(await readSteps(requestId));
  await db.erasureRequest.update({
    where: { id: requestId },
    data: { steps: next as unknown as Prisma.InputJsonValue, ...extra },
  });
  return next;
};
