import "server-only";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { newId } from "../ids";
import { enqueueCommitStatistics } from "./commit-statistics";

// The registry's record of a feature group's Delta commits: one row per commit (the timeline in the console and
// the API) and the group's summary (deltaVersion, rowCount, lastCommitAt). Every writer of a commit (ingest,
// schema evolution, compaction) records it here and nowhere else.

type TTx = Prisma.TransactionClient;

/** Commits that change rows: they carry their row counts and the table's row count after them. */
type TDataCommit = {
  // ADD COLUMNS with defaults writes them into every existing row (a data change for every reader).
  operation: "INSERT" | "UPSERT" | "DELETE" | "ADD COLUMNS";
  rows: { inserted: number; updated: number; deleted: number };
  rowCount: number;
};

/** Commits that change no rows: the schema (ADD COLUMNS) or the files' layout (OPTIMIZE). */
type TMetadataCommit = { operation: "ADD COLUMNS" | "OPTIMIZE" };

export type TRecordCommitInput = {
  featureGroupId: string;
  deltaVersion: number;
  committedAt?: Date;
  jobId?: string | null;
  userId?: string | null;
  /** Record inside the caller's transaction (with its other writes); otherwise in one of its own. */
  tx?: TTx;
} & (TDataCommit | TMetadataCommit);

const isDataCommit = (input: TDataCommit | TMetadataCommit): input is TDataCommit => "rows" in input;

const record = async (tx: TTx, input: TRecordCommitInput) => {
  const { featureGroupId, deltaVersion, committedAt = new Date(), jobId = null, userId = null } = input;
  const rows = isDataCommit(input) ? input.rows : { inserted: 0, updated: 0, deleted: 0 };
  const recorded = await tx.featureGroupCommit.findUnique({
    where: { featureGroupId_deltaVersion: { featureGroupId, deltaVersion } },
    select: { id: true },
  });
  // A retried job whose Delta commit an earlier attempt already wrote (the `txn` action made the second write a
  // no-op) records it once: the first record of a version wins.
  await tx.featureGroupCommit.upsert({
    where: { featureGroupId_deltaVersion: { featureGroupId, deltaVersion } },
    create: {
      id: newId("cmt"),
      featureGroupId,
      deltaVersion,
      committedAt,
      operation: input.operation,
      rowsInserted: BigInt(rows.inserted),
      rowsUpdated: BigInt(rows.updated),
      rowsDeleted: BigInt(rows.deleted),
      jobId,
      userId,
    },
    update: {},
  });
  // GREATEST: commits may be recorded out of order (a compaction finishing after a later ingest).
  if (!isDataCommit(input)) {
    await tx.$executeRaw`UPDATE "FeatureGroup" SET "deltaVersion" = GREATEST("deltaVersion", ${deltaVersion}) WHERE "id" = ${featureGroupId}`;
    return;
  }
  const updated = await tx.$queryRaw<
    { projectId: string }[]
  >`UPDATE "FeatureGroup" SET "deltaVersion" = GREATEST("deltaVersion", ${deltaVersion}), "rowCount" = ${BigInt(input.rowCount)}, "lastCommitAt" = ${committedAt}, "updatedAt" = ${committedAt} WHERE "id" = ${featureGroupId} RETURNING "projectId"`;
  // A commit that changes rows changes its statistics: the job is queued with the record (once per commit, so a
  // retried job that records its commit again queues nothing). The group's project comes from the write itself.
  const projectId = updated[0]?.projectId;
  if (!recorded && projectId !== undefined)
    await enqueueCommitStatistics({ tx, projectId, featureGroupId, deltaVersion, userId });
};

/**
 * Records one Delta commit of a feature group in the registry. Idempotent per (feature group, Delta version), so
 * a job can call it again after a crash between its Delta commit and this record.
 */
export const recordCommit = async (input: TRecordCommitInput): Promise<void> =>
  input.tx ? record(input.tx, input) : db.$transaction((tx) => record(tx, input));
