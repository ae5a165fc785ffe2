import "server-only";

import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { TAddAction, TFileStats } from "./delta-actions";
import type { TDeltaStructType } from "./delta-schema";
import { type DuckDBConnection, quoteIdent, quoteLiteral } from "./duckdb";
import { OperationAbortedError, throwIfAborted } from "./errors";
import { STAGING_DIR, encodeAddPath, hivePartitionDir } from "./paths";

// Rows per Parquet row group: DuckDB's default (122,880) rounded to a power of two; big enough for good
// zstd ratios and few footer entries, small enough that row-group pruning on sorted keys stays useful.
const ROW_GROUP_SIZE = 131_072;
// Row groups per data file (unpartitioned writes): ~1M rows/file, so a 10M-row table is ~10 files whose
// per-file key ranges prune upserts, while a full scan still opens few files.
const ROW_GROUPS_PER_FILE = 8;
// Longer strings are left out of min/max stats: the Parquet writer may truncate long values, and a
// truncated max would be a wrong bound. Primary keys are short, so pruning keeps working.
const MAX_STRING_STAT_LENGTH = 64;

const INTEGER_TYPES = new Set(["integer", "long", "short", "byte"]);
const FLOAT_TYPES = new Set(["float", "double"]);

type TColumnStatistics = Record<string, Record<string, string | null> | undefined>;

/** Delta file stats (numRecords, minValues, maxValues, nullCount) from DuckDB's COPY … RETURN_STATS. */
const toDeltaStats = ({
  count,
  columnStatistics,
  schema,
}: {
  count: number;
  columnStatistics: TColumnStatistics;
  schema: TDeltaStructType;
}): TFileStats => {
  const stats: Required<TFileStats> = { numRecords: count, minValues: {}, maxValues: {}, nullCount: {} };
  for (const field of schema.fields) {
    if (typeof field.type !== "string") continue; // nested columns: no stats (as Spark for arrays)
    const column = columnStatistics[quoteIdent(field.name)];
    if (!column) continue;
    if (column.null_count !== undefined && column.null_count !== null)
      stats.nullCount[field.name] = Number(column.null_count);
    const { min, max } = column;
    if (min === null || max === null || min === undefined || max === undefined) continue;
    if (INTEGER_TYPES.has(field.type)) {
      const [lo, hi] = [Number(min), Number(max)];
      if (Number.isSafeInteger(lo) && Number.isSafeInteger(hi))
        [stats.minValues[field.name], stats.maxValues[field.name]] = [lo, hi];
    } else if (FLOAT_TYPES.has(field.type)) {
      const [lo, hi] = [Number(min), Number(max)];
      if (column.has_nan !== "true" && Number.isFinite(lo) && Number.isFinite(hi)) {
        [stats.minValues[field.name], stats.maxValues[field.name]] = [lo, hi];
      }
    } else if (field.type === "string" || field.type === "date") {
      if (min.length <= MAX_STRING_STAT_LENGTH && max.length <= MAX_STRING_STAT_LENGTH) {
        [stats.minValues[field.name], stats.maxValues[field.name]] = [min, max];
      }
    }
    // timestamps: DuckDB reports them in its own text form; Delta wants ms-truncated ISO values, where a
    // truncated max is wrong for pruning. Leave them out rather than risk a wrong bound.
  }
  return stats;
};

/**
 * DuckDB renders TIMESTAMPTZ partition keys as "… +00"; Delta wants the zone-less UTC form. An empty value is
 * null in the protocol, so it is written as null (writers refuse '' before this; this keeps the log explicit).
 */
const toDeltaPartitionValue = (value: string | null, type: unknown): string | null => {
  if (value === null || value === "") return null;
  if (type === "timestamp") return value.replace(/\+00(:00)?$/, "");
  return value;
};

export type TWrittenFiles = { adds: TAddAction[]; files: string[] };

/** Deletes data files written by a write that did not commit. */
export const deleteDataFiles = async (files: string[]): Promise<void> => {
  await Promise.all(files.map((file) => fs.rm(file, { force: true })));
};

/**
 * Writes the rows of `selectSql` as zstd Parquet data files of the table (Hive directories for partition
 * columns, which are not stored in the files) and returns their add actions with stats. Files are staged in
 * `_larder_staging/` and moved into place; on failure or abort, everything written is deleted.
 */
export const writeDataFiles = async ({
  connection,
  tablePath,
  selectSql,
  schema,
  partitionColumns,
  dataChange = true,
  signal,
}: {
  connection: DuckDBConnection;
  tablePath: string;
  selectSql: string;
  schema: TDeltaStructType;
  partitionColumns: string[];
  dataChange?: boolean;
  signal?: AbortSignal;
}): Promise<TWrittenFiles> => {
  throwIfAborted(signal);
  const stagingParent = path.join(tablePath, STAGING_DIR);
  const staging = path.join(stagingParent, randomUUID());
  await fs.mkdir(stagingParent, { recursive: true });
  const moved: string[] = [];
  // Interrupt a running COPY when the caller aborts; the catch below removes whatever was written.
  const onAbort = () => connection.interrupt();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const options = [
      "FORMAT parquet",
      "COMPRESSION zstd",
      `ROW_GROUP_SIZE ${ROW_GROUP_SIZE}`,
      "FILENAME_PATTERN 'part-{uuid}.zstd'",
      "RETURN_STATS",
      partitionColumns.length > 0
        ? `PARTITION_BY (${partitionColumns.map(quoteIdent).join(", ")})`
        : `ROW_GROUPS_PER_FILE ${ROW_GROUPS_PER_FILE}`,
    ];
    const reader = await connection.runAndReadAll(
      `COPY (${selectSql}) TO ${quoteLiteral(staging)} (${options.join(", ")})`,
    );
    throwIfAborted(signal);
    const fieldTypes = new Map(schema.fields.map((field) => [field.name, field.type]));
    const adds: TAddAction[] = [];
    for (const row of reader.getRowObjectsJson()) {
      const stagedFile = String(row.filename);
      const count = Number(row.count);
      if (count === 0) {
        await fs.rm(stagedFile, { force: true });
        continue;
      }
      const partitionValues: Record<string, string | null> = {};
      for (const entry of (row.partition_keys as { key: string; value: string | null }[] | null) ?? []) {
        partitionValues[entry.key] = toDeltaPartitionValue(entry.value, fieldTypes.get(entry.key));
      }
      const columnStatistics: TColumnStatistics = {};
      for (const entry of (row.column_statistics as {
        key: string;
        value: { key: string; value: string | null }[];
      }[]) ?? []) {
        columnStatistics[entry.key] = Object.fromEntries(entry.value.map((stat) => [stat.key, stat.value]));
      }
      const dir = partitionColumns.length > 0 ? hivePartitionDir({ partitionColumns, partitionValues }) : "";
      const relativePath = path.posix.join(dir, path.basename(stagedFile));
      const finalPath = path.join(tablePath, relativePath);
      await fs.mkdir(path.dirname(finalPath), { recursive: true });
      await fs.rename(stagedFile, finalPath);
      moved.push(finalPath);
      adds.push({
        path: encodeAddPath(relativePath),
        partitionValues,
        size: Number(row.file_size_bytes),
        modificationTime: Date.now(),
        dataChange,
        stats: JSON.stringify(toDeltaStats({ count, columnStatistics, schema })),
      });
    }
    return { adds, files: moved };
  } catch (error) {
    await deleteDataFiles(moved);
    if (signal?.aborted) throw new OperationAbortedError();
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await fs.rm(staging, { recursive: true, force: true });
  }
};
