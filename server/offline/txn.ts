import "server-only";

import { listDeltaLog, readCommitActions } from "./log-store";
import { loadSnapshot } from "./snapshot";

/** A transaction (a job's `txn` action: appId and version) looked for in one table's log. */
type TTxnLookup = { tablePath: string; txn: { appId: string; version: number } };

const METRICS = ["rowsInserted", "rowsUpdated", "rowsDeleted", "rowsRewritten", "filesAdded", "filesRemoved"] as const;

/** The row and file counts Larder recorded in a commit's commitInfo (0 for any it did not record). */
const commitMetrics = (info: Record<string, unknown>) =>
  Object.fromEntries(METRICS.map((key) => [key, Number(info[key] ?? 0)])) as Record<(typeof METRICS)[number], number>;

/**
 * The result of the commit that recorded `txn` (for a retried job that already committed). Scans commits
 * newest first; the metrics come from the commit's own commitInfo.
 */
export const findTxnCommit = async ({ tablePath, txn }: TTxnLookup) => {
  const listing = await listDeltaLog(tablePath);
  const versions = [...listing.commits.keys()].sort((a, b) => b - a);
  for (const version of versions) {
    const actions = await readCommitActions(listing.commits.get(version)!);
    const match = actions.find(
      (action) => action.txn?.appId === txn.appId && Number(action.txn.version) >= txn.version,
    );
    if (!match) continue;
    const info = actions.find((action) => action.commitInfo)?.commitInfo?.larder ?? {};
    return { version, ...commitMetrics(info), alreadyCommitted: true };
  }
  // Only reachable when the txn is known from a checkpoint whose JSON commits were cleaned up.
  return { version: listing.latestVersion, ...commitMetrics({}), alreadyCommitted: true };
};

/**
 * The commit that recorded `txn`, or null when no commit of the table carries it. A retried job asks this before
 * reading its input: a job whose commit is already in the log must not need the input it consumed.
 */
export const findCommittedTxn = async ({ tablePath, txn }: TTxnLookup) => {
  const snapshot = await loadSnapshot({ tablePath });
  if ((snapshot.txnVersions.get(txn.appId) ?? -1) < txn.version) return null;
  return findTxnCommit({ tablePath, txn });
};
