import "server-only";

import { listDeltaLog, readCommitActions } from "./log-store";
import { loadSnapshot } from "./snapshot";

/**
 * The result of the commit that recorded `txn` (for a retried job that already committed). Scans commits
 * newest first; the metrics come from the commit's own commitInfo.
 */
export const findTxnCommit = async ({
  tablePath,
  txn,
}: {
  tablePath: string;
  txn: { appId: string; version: number };
}) => {
  const listing = await listDeltaLog(tablePath);
  const versions = [...listing.commits.keys()].sort((a, b) => b - a);
  for (const version of versions) {
    const actions = await readCommitActions(listing.commits.get(version)!);
    const match = actions.find(
      (action) => action.txn?.appId === txn.appId && Number(action.txn.version) >= txn.version,
    );
    if (!match) continue;
    const info = actions.find((action) => action.commitInfo)?.commitInfo?.larder ?? {};
    const metric = (key: string) => Number((info as Record<string, unknown>)[key] ?? 0);
    return {
      version,
      rowsInserted: metric("rowsInserted"),
      rowsUpdated: metric("rowsUpdated"),
      rowsDeleted: metric("rowsDeleted"),
      rowsRewritten: metric("rowsRewritten"),
      filesAdded: metric("filesAdded"),
      filesRemoved: metric("filesRemoved"),
      alreadyCommitted: true,
    };
  }
  // Only reachable when the txn is known from a checkpoint whose JSON commits were cleaned up.
  return {
    version: listing.latestVersion,
    rowsInserted: 0,
    rowsUpdated: 0,
    rowsDeleted: 0,
    rowsRewritten: 0,
    filesAdded: 0,
    filesRemoved: 0,
    alreadyCommitted: true,
  };
};

/**
 * The commit that recorded `txn`, or null when no commit of the table carries it. A retried job asks this before
 * reading its input: a job whose commit is already in the log must not need the input it consumed.
 */
export const findCommittedTxn = async ({
  tablePath,
  txn,
}: {
  tablePath: string;
  txn: { appId: string; version: number };
}) => {
  const snapshot = await loadSnapshot({ tablePath });
  if ((snapshot.txnVersions.get(txn.appId) ?? -1) < txn.version) return null;
  return findTxnCommit({ tablePath, txn });
};
