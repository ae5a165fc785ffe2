import "server-only";

import { type TAddAction, type TFileStats, parseFileStats } from "./delta-actions";

// What the Delta log's per-file statistics (add.stats: numRecords, minValues, maxValues, nullCount) say about a
// whole snapshot without reading a data file: its row count, and the [min, max] of numeric columns, so that
// equal-width histogram bins can be counted in the same pass as every other aggregate. Anything a file does not
// state (no stats: older commits, other writers; a column missing from a file's stats; NaN or infinities, which
// Larder's writer leaves out) makes the answer "unknown", and the caller reads the data instead.

/** Delta primitive types whose stats are exact numbers as DuckDB reads them (decimals round: not used). */
const NUMERIC_STAT_TYPES = new Set(["byte", "short", "integer", "long", "float", "double"]);

export type TValueRange = { min: number; max: number };

export type TSnapshotFileStats = {
  /** Rows of the snapshot (the sum of numRecords), or null when a file states none. */
  rowCount: number | null;
  /** Per numeric column: its range, null when every value is null, absent when the stats do not tell. */
  ranges: Map<string, TValueRange | null>;
};

const statValue = (value: unknown, type: string): number | undefined => {
  if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
  // A FLOAT's stat is its shortest decimal text; DuckDB widens the 32-bit value itself to DOUBLE.
  return type === "float" ? Math.fround(value) : value;
};

const columnRange = (stats: TFileStats[], name: string, type: string): TValueRange | null | undefined => {
  let min = Infinity;
  let max = -Infinity;
  for (const file of stats) {
    if (file.numRecords === 0 || file.nullCount?.[name] === file.numRecords) continue;
    const lo = statValue(file.minValues?.[name], type);
    const hi = statValue(file.maxValues?.[name], type);
    if (lo === undefined || hi === undefined || lo > hi) return undefined;
    if (lo < min) min = lo;
    if (hi > max) max = hi;
  }
  return min <= max ? { min, max } : null;
};

/** The snapshot's row count and numeric ranges as far as the log's file statistics state them. */
export const snapshotFileStats = ({
  files,
  columns,
  partitionColumns,
}: {
  files: TAddAction[];
  /** Columns with their Delta type names (`long`, `double`, …). */
  columns: { name: string; type: string }[];
  partitionColumns: string[];
}): TSnapshotFileStats => {
  const parsed = files.map((file) => parseFileStats(file.stats));
  const complete = parsed.every(
    (stats) => stats !== undefined && Number.isSafeInteger(stats.numRecords) && stats.numRecords >= 0,
  );
  const ranges = new Map<string, TValueRange | null>();
  if (!complete) return { rowCount: null, ranges };
  const stats = parsed as TFileStats[];
  const partitions = new Set(partitionColumns);
  for (const column of columns) {
    // Partition values live in the log, not in the files' stats: those columns are read from the data.
    if (partitions.has(column.name) || !NUMERIC_STAT_TYPES.has(column.type)) continue;
    const range = columnRange(stats, column.name, column.type);
    if (range !== undefined) ranges.set(column.name, range);
  }
  return { rowCount: stats.reduce((total, file) => total + file.numRecords, 0), ranges };
};
