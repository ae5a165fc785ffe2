import "server-only";

// Delta log action shapes (PROTOCOL.md, reader version 1 / writer version 2).

export type TProtocolAction = {
  minReaderVersion: number;
  minWriterVersion: number;
  readerFeatures?: string[];
  writerFeatures?: string[];
};

export type TMetaDataAction = {
  id: string;
  name?: string | null;
  description?: string | null;
  format: { provider: string; options: Record<string, string> };
  schemaString: string;
  partitionColumns: string[];
  configuration: Record<string, string>;
  createdTime?: number | null;
};

export type TDeletionVectorDescriptor = { storageType: string; pathOrInlineDv: string; offset?: number | null };

export type TAddAction = {
  path: string;
  partitionValues: Record<string, string | null>;
  size: number;
  modificationTime: number;
  dataChange: boolean;
  stats?: string | null;
  tags?: Record<string, string> | null;
  deletionVector?: TDeletionVectorDescriptor | null;
};

export type TRemoveAction = {
  path: string;
  deletionTimestamp?: number | null;
  dataChange: boolean;
  extendedFileMetadata?: boolean;
  partitionValues?: Record<string, string | null> | null;
  size?: number | null;
  deletionVector?: TDeletionVectorDescriptor | null;
};

/** The remove action for a data file a commit takes out (`dataChange: false` when rows stay the same: compaction). */
export const removeAction = (
  file: { path: string; partitionValues: Record<string, string | null>; size: number },
  { now, dataChange }: { now: number; dataChange: boolean },
): { remove: TRemoveAction } => ({
  remove: {
    path: file.path,
    deletionTimestamp: now,
    dataChange,
    extendedFileMetadata: true,
    partitionValues: file.partitionValues,
    size: file.size,
  },
});

type TTxnAction = { appId: string; version: number; lastUpdated?: number | null };

/** What Larder records about a commit, beside Delta's own commitInfo fields. */
export type TLarderCommitInfo = {
  rowsInserted?: number;
  rowsUpdated?: number;
  rowsDeleted?: number;
  rowsRewritten?: number;
  jobId?: string;
  userId?: string;
  [key: string]: unknown;
};

export type TCommitInfoAction = {
  timestamp: number;
  operation: string;
  operationParameters?: Record<string, string>;
  operationMetrics?: Record<string, string>;
  engineInfo?: string;
  isBlindAppend?: boolean;
  larder?: TLarderCommitInfo;
  [key: string]: unknown;
};

export type TDeltaAction = {
  protocol?: TProtocolAction;
  metaData?: TMetaDataAction;
  add?: TAddAction;
  remove?: TRemoveAction;
  txn?: TTxnAction;
  commitInfo?: TCommitInfoAction;
};

/** Per-file statistics as stored (JSON string) in add.stats. */
export type TFileStats = {
  numRecords: number;
  minValues?: Record<string, unknown>;
  maxValues?: Record<string, unknown>;
  nullCount?: Record<string, number>;
};

export const parseFileStats = (stats: string | null | undefined): TFileStats | undefined => {
  if (!stats) return undefined;
  try {
    return JSON.parse(stats) as TFileStats;
  } catch {
    return undefined;
  }
};

/** Key that identifies a file in log replay: path plus deletion-vector id (PROTOCOL.md "Action Reconciliation"). */
export const fileActionKey = (action: { path: string; deletionVector?: TDeletionVectorDescriptor | null }): string => {
  const dv = action.deletionVector;
  const dvId = dv ? `${dv.storageType}${dv.pathOrInlineDv}${dv.offset ?? ""}` : "";
  return `${decodeURIComponent(action.path)}\u0000${dvId}`;
};

export const ENGINE_INFO = "Larder offline store (DuckDB)";
