import "server-only";

import fs from "node:fs/promises";
import { readCheckpointActions } from "./checkpoint";
import {
  type TAddAction,
  type TCommitInfoAction,
  type TDeltaAction,
  fileActionKey,
  type TMetaDataAction,
  type TProtocolAction,
  type TRemoveAction,
} from "./delta-actions";
import { type TDeltaStructType, parseSchemaString } from "./delta-schema";
import { type TDuckDbSettings, type DuckDBConnection, withDuckDb } from "./duckdb";
import { DeltaVersionNotFoundError, DeltaVersionVacuumedError, UnsupportedDeltaTableError } from "./errors";
import { type TLogListing, listDeltaLog, readCommitActions, readLastCheckpoint } from "./log-store";
import { validateTablePath } from "./paths";

/** Time travel target: a commit version, or the latest commit at or before a timestamp (ms, Date or ISO). */
export type TAsOf = { version: number } | { timestamp: number | Date | string };

// The only protocol this reader implements: reader version 1 (no column mapping, no deletion vectors).
const SUPPORTED_READER_VERSION = 1;
// Writers must not commit to tables that need writer features beyond version 2 (invariants, appendOnly).
export const SUPPORTED_WRITER_VERSION = 2;

export type TDeltaSnapshot = {
  tablePath: string;
  version: number;
  /** commitInfo.timestamp of `version` (or the commit file's mtime when absent), ms since epoch. */
  timestamp: number;
  protocol: TProtocolAction;
  metaData: TMetaDataAction;
  schema: TDeltaStructType;
  partitionColumns: string[];
  /** Live data files (add actions) at `version`. */
  files: TAddAction[];
  /** Remove tombstones at `version`, kept for checkpoints and vacuum. */
  tombstones: TRemoveAction[];
  /** Highest committed txn version per appId (idempotent writers). */
  txnVersions: Map<string, number>;
  /** commitInfo of the commits replayed from JSON (those after the checkpoint used). */
  commitInfos: { version: number; commitInfo: TCommitInfoAction }[];
};

const toMillis = (timestamp: number | Date | string): number => {
  const ms =
    timestamp instanceof Date ? timestamp.getTime() : typeof timestamp === "string" ? Date.parse(timestamp) : timestamp;
  if (!Number.isFinite(ms))
    throw new DeltaVersionNotFoundError({ tablePath: "", detail: `invalid timestamp ${String(timestamp)}` });
  return ms;
};

/** commitInfo.timestamp of a commit, falling back to the file's mtime (PROTOCOL.md allows either). */
export const readCommitTimestamp = async (
  file: string,
): Promise<{ timestamp: number; commitInfo?: TCommitInfoAction }> => {
  const actions = await readCommitActions(file);
  const commitInfo = actions.find((action) => action.commitInfo)?.commitInfo;
  if (commitInfo && typeof commitInfo.timestamp === "number") return { timestamp: commitInfo.timestamp, commitInfo };
  return { timestamp: (await fs.stat(file)).mtimeMs, commitInfo };
};

const resolveTargetVersion = async ({
  tablePath,
  listing,
  asOf,
}: {
  tablePath: string;
  listing: TLogListing;
  asOf?: TAsOf;
}) => {
  if (!asOf) return listing.latestVersion;
  if ("version" in asOf) {
    const { version } = asOf;
    if (!Number.isInteger(version) || version < 0 || version > listing.latestVersion) {
      throw new DeltaVersionNotFoundError({
        tablePath,
        detail: `version ${version} does not exist (latest is ${listing.latestVersion})`,
      });
    }
    return version;
  }
  const target = toMillis(asOf.timestamp);
  const versions = [...listing.commits.keys()].sort((a, b) => a - b);
  let found = -1;
  for (const version of versions) {
    const { timestamp } = await readCommitTimestamp(listing.commits.get(version)!);
    if (timestamp <= target) found = version;
    // Commit timestamps are monotonic for our writer; Spark's may not be, so keep scanning all commits.
  }
  if (found < 0) {
    const purgedBefore = purgedHistoryStart(listing);
    throw new DeltaVersionNotFoundError({
      tablePath,
      detail:
        purgedBefore === null
          ? `no commit at or before ${new Date(target).toISOString()}`
          : `no readable commit at or before ${new Date(target).toISOString()}: an erasure removed the history before version ${purgedBefore} (erased and vacuumed); the oldest readable version is ${purgedBefore}`,
    });
  }
  return found;
};

/**
 * The version a purge kept (purge-history.ts) when the log starts there: a checkpoint and no commit 0. Null for a
 * table whose history is whole.
 */
const purgedHistoryStart = (listing: TLogListing): number | null =>
  listing.commits.has(0) || listing.checkpoints.length === 0 ? null : listing.checkpoints[0].version;

const assertReadable = ({
  tablePath,
  protocol,
  files,
}: {
  tablePath: string;
  protocol: TProtocolAction;
  files?: TAddAction[];
}) => {
  if (protocol.minReaderVersion > SUPPORTED_READER_VERSION) {
    const features = protocol.readerFeatures?.length ? ` (reader features: ${protocol.readerFeatures.join(", ")})` : "";
    throw new UnsupportedDeltaTableError({
      tablePath,
      reason: `minReaderVersion ${protocol.minReaderVersion}${features} is above the supported reader version ${SUPPORTED_READER_VERSION}`,
    });
  }
  if (protocol.readerFeatures?.length) {
    throw new UnsupportedDeltaTableError({
      tablePath,
      reason: `reader features ${protocol.readerFeatures.join(", ")} are not supported`,
    });
  }
  if (files?.some((file) => file.deletionVector)) {
    throw new UnsupportedDeltaTableError({ tablePath, reason: "deletion vectors are not supported" });
  }
};

/**
 * Reconstructs the table state at a version: newest usable checkpoint at or before it, then the JSON
 * commits after it, reconciled by path + deletion-vector id (PROTOCOL.md "Action Reconciliation").
 */
export const loadSnapshot = async ({
  tablePath: rawTablePath,
  storageRoot,
  asOf,
  connection,
  duckdb,
}: {
  tablePath: string;
  storageRoot?: string;
  asOf?: TAsOf;
  connection?: DuckDBConnection;
  duckdb?: TDuckDbSettings;
}): Promise<TDeltaSnapshot> => {
  const tablePath = validateTablePath({ tablePath: rawTablePath, storageRoot });
  const listing = await listDeltaLog(tablePath);
  const version = await resolveTargetVersion({ tablePath, listing, asOf });

  // _last_checkpoint is a hint (it saves a listing on object stores); on a local disk the listing is cheap
  // and authoritative, so take the newest complete checkpoint at or before the target, preferring the hint's
  // when it names one that is complete.
  const hint = await readLastCheckpoint(tablePath);
  const usable = listing.checkpoints.filter((checkpoint) => checkpoint.version <= version);
  const hinted = usable.find(
    (candidate) => candidate.version === hint?.version && (hint?.parts ?? 1) === candidate.files.length,
  );
  const newest = usable.at(-1);
  const checkpoint = hinted && newest && hinted.version >= newest.version ? hinted : newest;

  const files = new Map<string, TAddAction>();
  const tombstones = new Map<string, TRemoveAction>();
  const txnVersions = new Map<string, number>();
  const commitInfos: TDeltaSnapshot["commitInfos"] = [];
  let protocol: TProtocolAction | undefined;
  let metaData: TMetaDataAction | undefined;

  const apply = (action: TDeltaAction) => {
    if (action.add) {
      const key = fileActionKey(action.add);
      files.set(key, action.add);
      tombstones.delete(key);
    } else if (action.remove) {
      const key = fileActionKey(action.remove);
      files.delete(key);
      tombstones.set(key, action.remove);
    } else if (action.protocol) protocol = action.protocol;
    else if (action.metaData) metaData = action.metaData;
    else if (action.txn) txnVersions.set(action.txn.appId, Number(action.txn.version));
  };

  if (checkpoint) {
    const actions = connection
      ? await readCheckpointActions({ connection, files: checkpoint.files })
      : await withDuckDb(duckdb, (conn) => readCheckpointActions({ connection: conn, files: checkpoint.files }));
    for (const action of actions) apply(action);
  }
  const purgedBefore = purgedHistoryStart(listing);
  if (!checkpoint && purgedBefore !== null && version < purgedBefore)
    throw new DeltaVersionVacuumedError({ tablePath, version, oldestReadableVersion: purgedBefore, purged: true });
  const startVersion = checkpoint ? checkpoint.version + 1 : 0;
  for (let v = startVersion; v <= version; v += 1) {
    const file = listing.commits.get(v);
    if (!file) throw new DeltaVersionNotFoundError({ tablePath, detail: `commit ${v} is missing from _delta_log` });
    const actions = await readCommitActions(file);
    for (const action of actions) {
      if (action.commitInfo) commitInfos.push({ version: v, commitInfo: action.commitInfo });
      apply(action);
    }
    // Protocol is checked as soon as it is seen so an unsupported table is refused before any data is read.
    if (protocol) assertReadable({ tablePath, protocol });
  }
  if (!protocol || !metaData) {
    throw new DeltaVersionNotFoundError({ tablePath, detail: `no protocol/metaData found at version ${version}` });
  }
  const liveFiles = [...files.values()];
  assertReadable({ tablePath, protocol, files: liveFiles });

  const lastInfo = commitInfos.findLast((entry) => entry.version === version)?.commitInfo;
  const timestamp =
    typeof lastInfo?.timestamp === "number"
      ? lastInfo.timestamp
      : listing.commits.has(version)
        ? (await readCommitTimestamp(listing.commits.get(version)!)).timestamp
        : 0;

  return {
    tablePath,
    version,
    timestamp,
    protocol,
    metaData,
    schema: parseSchemaString(metaData.schemaString),
    partitionColumns: metaData.partitionColumns ?? [],
    files: liveFiles,
    tombstones: [...tombstones.values()],
    txnVersions,
    commitInfos,
  };
};

/** The actions a checkpoint of `snapshot` must hold. */
export const snapshotToCheckpointActions = (snapshot: TDeltaSnapshot): TDeltaAction[] => [
  { protocol: snapshot.protocol },
  { metaData: snapshot.metaData },
  ...[...snapshot.txnVersions].map(([appId, version]) => ({
    txn: { appId, version, lastUpdated: snapshot.timestamp },
  })),
  ...snapshot.files.map((add) => ({ add })),
  ...snapshot.tombstones.map((remove) => ({ remove })),
];
