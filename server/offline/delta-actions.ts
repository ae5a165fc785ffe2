import "server-only";

// Delta log action shapes (PROTOCOL.md, reader version 1 / writer version 2).

export type ProtocolAction = {
  minReaderVersion: number;
  minWriterVersion: number;
  readerFeatures?: string[];
  writerFeatures?: string[];
};

export type MetaDataAction = {
  id: string;
  name?: string | null;
  description?: string | null;
  format: { provider: string; options: Record<string, string> };
  schemaString: string;
  partitionColumns: string[];
  configuration: Record<string, string>;
  createdTime?: number | null;
};

export type DeletionVectorDescriptor = { storageType: string; pathOrInlineDv: string; offset?: number | null };

export type AddAction = {
  path: string;
  partitionValues: Record<string, string | null>;
  size: number;
  modificationTime: number;
  dataChange: boolean;
  stats?: string | null;
  tags?: Record<string, string> | null;
  deletionVector?: DeletionVectorDescriptor | null;
};

export type RemoveAction = {
  path: string;
  deletionTimestamp?: number | null;
  dataChange: boolean;
  extendedFileMetadata?: boolean;
  partitionValues?: Record<string, string | null> | null;
  size?: number | null;
  deletionVector?: DeletionVectorDescriptor | null;
};

export type TxnAction = { appId: string; version: number; lastUpdated?: number | null };

/** What Larder records about a commit, beside Delta's own commitInfo fields. */
export type LarderCommitInfo = {
  rowsInserted?: number;
  rowsUpdated?: number;
  rowsDeleted?: number;
  rowsRewritten?: number;
  jobId?: string;
  userId?: string;
  [key: string]: unknown;
};

export type CommitInfoAction = {
  timestamp: number;
  operation: string;
  operationParameters?: Record<string, string>;
  operationMetrics?: Record<string, string>;
  engineInfo?: string;
  isBlindAppend?: boolean;
  larder?: LarderCommitInfo;
  [key: string]: unknown;
};

export type DeltaAction = {
  protocol?: ProtocolAction;
  metaData?: MetaDataAction;
  add?: AddAction;
  remove?: RemoveAction;
  txn?: TxnAction;
  commitInfo?: CommitInfoAction;
};

/** Per-file statistics as stored (JSON string) in add.stats. */
export type FileStats = {
  numRecords: number;
  minValues?: Record<string, unknown>;
  maxValues?: Record<string, unknown>;
  nullCount?: Record<string, number>;
};

export const parseFileStats = (stats: string | null | undefined): FileStats | undefined => {
  if (!stats) return undefined;
  try {
    return JSON.parse(stats) as FileStats;
  } catch {
    return undefined;
  }
};

/** Key that identifies a file in log replay: path plus deletion-vector id (PROTOCOL.md "Action Reconciliation"). */
export const fileActionKey = (action: { path: string; deletionVector?: DeletionVectorDescriptor | null }): string => {
  const dv = action.deletionVector;
  const dvId = dv ? `${dv.storageType}${dv.pathOrInlineDv}${dv.offset ?? ""}` : "";
  return `${decodeURIComponent(action.path)}\u0000${dvId}`;
};

export const ENGINE_INFO = "Larder offline store (DuckDB)";
