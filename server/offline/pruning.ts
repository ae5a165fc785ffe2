import "server-only";

import { type TAddAction, parseFileStats } from "./delta-actions";
import type { TDeltaStructType } from "./delta-schema";
import type { TKeyRange } from "./incoming";

const NUMERIC_TYPES = new Set(["integer", "long", "short", "byte", "float", "double"]);

/** Compares strings by Unicode code point, the order of UTF-8 bytes that Parquet stats use. */
const compareCodePoints = (a: string, b: string): number => {
  const left = Array.from(a);
  const right = Array.from(b);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const diff = left[i].codePointAt(0)! - right[i].codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
};

const compare = (a: unknown, b: unknown, numeric: boolean): number | undefined => {
  if (numeric) {
    const [x, y] = [Number(a), Number(b)];
    return Number.isFinite(x) && Number.isFinite(y) ? x - y : undefined;
  }
  return typeof a === "string" && typeof b === "string" ? compareCodePoints(a, b) : undefined;
};

/**
 * Files whose per-file min/max stats could contain a key of the incoming batch. A file is skipped only when
 * some key column's range in the file and in the batch do not overlap; files without stats are kept.
 */
export const pruneFilesByKeyRanges = ({
  files,
  ranges,
  schema,
}: {
  files: TAddAction[];
  ranges: TKeyRange[];
  schema: TDeltaStructType;
}): TAddAction[] => {
  if (ranges.length === 0) return files;
  const types = new Map(schema.fields.map((field) => [field.name, field.type]));
  return files.filter((file) => {
    const stats = parseFileStats(file.stats);
    if (stats && stats.numRecords === 0) return false;
    if (!stats?.minValues || !stats.maxValues) return true;
    return ranges.every(({ column, min, max }) => {
      const fileMin = stats.minValues![column];
      const fileMax = stats.maxValues![column];
      if (fileMin === undefined || fileMax === undefined || fileMin === null || fileMax === null) return true;
      const numeric = NUMERIC_TYPES.has(String(types.get(column)));
      const lowOk = compare(fileMin, max, numeric);
      const highOk = compare(fileMax, min, numeric);
      if (lowOk === undefined || highOk === undefined) return true;
      return lowOk <= 0 && highOk >= 0;
    });
  });
};
