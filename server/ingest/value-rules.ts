import "server-only";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { DUCKDB_TYPE_FOR } from "./formats";
import {
  DATE_PATTERN,
  EPOCH_MS_PATTERN,
  TIMESTAMP_MAX_MS,
  TIMESTAMP_MIN_MS,
  TIMESTAMP_PATTERN,
  utcTimestampSql,
} from "../offline";

/**
 * What a value of each feature type may be, defined once for both checks: `checkJsonValue` (JavaScript, the
 * request check of JSON rows) and `typedValueSql` (DuckDB SQL, the ingest job's check of files and the spine
 * loader). Both read text the same way — CSV cells and JSON-lines values are text to the SQL side — and
 * value-rules.test.ts runs one corpus through both and requires them to agree. A value passes only if every
 * store can hold it: PostgreSQL text holds no NUL, Parquet/DuckDB/JavaScript timestamps agree only within
 * years 0001–9999, and an integer must fit its column.
 */

// Two's-complement bounds of the int (32-bit) and bigint (64-bit) columns, both ends included.
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const BIGINT_MIN = -(2n ** 63n);
const BIGINT_MAX = 2n ** 63n - 1n;
// The largest finite float32: beyond it a float column would hold Infinity.
const FLOAT_MAX = 3.4028234663852886e38;
const INTEGER_PATTERN = "[+-]?\\d{1,20}";

const fullMatch = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const DATE_RE = fullMatch(DATE_PATTERN);
const TIMESTAMP_RE = fullMatch(TIMESTAMP_PATTERN);
const EPOCH_MS_RE = fullMatch(EPOCH_MS_PATTERN);
const INTEGER_RE = fullMatch(INTEGER_PATTERN);

const isRealDate = (year: number, month: number, day: number): boolean => {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

const inTimestampRange = (ms: number) => ms >= TIMESTAMP_MIN_MS && ms <= TIMESTAMP_MAX_MS;

/** The instant (epoch ms) a timestamp value stands for, or null when no store can hold it. */
export const timestampToEpochMs = (value: unknown): number | null => {
  if (typeof value === "number") return Number.isInteger(value) && inTimestampRange(value) ? value : null;
  if (typeof value !== "string") return null;
  if (EPOCH_MS_RE.test(value)) return timestampToEpochMs(Number(value));
  const match = TIMESTAMP_RE.exec(value);
  if (!match) return null;
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction = "", offset = "Z"] = match;
  if (!isRealDate(Number(year), Number(month), Number(day))) return null;
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), Math.floor(Number(`0${fraction || ".0"}`) * 1000));
  const offsetMinutes =
    offset === "Z" ? 0 : (offset[0] === "-" ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const ms = date.getTime() - offsetMinutes * 60_000;
  return inTimestampRange(ms) ? ms : null;
};

const isDateValue = (value: unknown): boolean => {
  if (typeof value !== "string") return false;
  const match = DATE_RE.exec(value);
  return !!match && Number(match[1]) >= 1 && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
};

const isIntegerIn = (value: unknown, min: bigint, max: bigint): boolean => {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= min && value <= max;
  if (typeof value !== "string" || !INTEGER_RE.test(value)) return false;
  const parsed = BigInt(value);
  return parsed >= min && parsed <= max;
};

/** The request check of one JSON value: null when it is valid, else what it must be. */
export const checkJsonValue = (type: TFeatureType, value: unknown): string | null => {
  switch (type) {
    case "int":
      // A JSON int is a number; a decimal string is accepted for bigint only (beyond 2^53 doubles lose digits).
      return typeof value === "number" && isIntegerIn(value, BigInt(INT_MIN), BigInt(INT_MAX))
        ? null
        : `must be a 32-bit integer (${INT_MIN} to ${INT_MAX})`;
    case "bigint":
      return isIntegerIn(value, BIGINT_MIN, BIGINT_MAX)
        ? null
        : `must be a 64-bit integer (${BIGINT_MIN} to ${BIGINT_MAX}; as a decimal string beyond 2^53)`;
    case "float":
      return typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= FLOAT_MAX
        ? null
        : `must be a number that fits a 32-bit float (|x| ≤ ${FLOAT_MAX})`;
    case "double":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a number";
    case "string":
      if (typeof value !== "string") return "must be a string";
      return value.includes("\u0000") ? "must not contain a NUL character (\\u0000)" : null;
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "date":
      return isDateValue(value) ? null : "must be a real date (YYYY-MM-DD) in years 0001–9999";
    case "timestamp":
      return timestampToEpochMs(value) === null
        ? "must be an ISO 8601 timestamp (offset Z or ±hh:mm) or integer epoch milliseconds, in years 0001–9999"
        : null;
    case "array<float>":
      return Array.isArray(value) &&
        value.every((item) => item === null || (typeof item === "number" && Number.isFinite(item)))
        ? null
        : "must be an array of numbers";
  }
};

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;
const FLOATING_SOURCE = /^(FLOAT|DOUBLE|DECIMAL.*)$/i;

const inRange = (value: string, range: string) => `(CASE WHEN ${value} ${range} THEN ${value} END)`;

/**
 * SQL that reads `column` (of DuckDB type `sourceType`; VARCHAR for CSV and JSON lines) as the feature's type,
 * or NULL when the value is one no store can hold. A non-null source whose result is NULL is an invalid value.
 */
export const typedValueSql = ({
  column,
  sourceType,
  type,
}: {
  column: string;
  sourceType: string;
  type: TFeatureType;
}): string => {
  const isText = /^VARCHAR$/i.test(sourceType);
  const target = DUCKDB_TYPE_FOR[type];
  switch (type) {
    case "int":
    case "bigint":
      if (isText)
        return `(CASE WHEN regexp_full_match(trim(${column}), ${sqlString(INTEGER_PATTERN)}) THEN TRY_CAST(trim(${column}) AS ${target}) END)`;
      if (FLOATING_SOURCE.test(sourceType))
        return `(CASE WHEN ${column} = trunc(${column}) THEN TRY_CAST(${column} AS ${target}) END)`;
      return `TRY_CAST(${column} AS ${target})`;
    case "float":
      return `(CASE WHEN isfinite(TRY_CAST(${column} AS DOUBLE)) AND abs(TRY_CAST(${column} AS DOUBLE)) <= ${FLOAT_MAX} THEN TRY_CAST(${column} AS FLOAT) END)`;
    case "double":
      return `(CASE WHEN isfinite(TRY_CAST(${column} AS DOUBLE)) THEN TRY_CAST(${column} AS DOUBLE) END)`;
    case "string":
      return `(CASE WHEN NOT contains(CAST(${column} AS VARCHAR), chr(0)) THEN CAST(${column} AS VARCHAR) END)`;
    case "date": {
      const value = isText
        ? `(CASE WHEN regexp_full_match(${column}, ${sqlString(DATE_PATTERN)}) THEN TRY_CAST(${column} AS DATE) END)`
        : `TRY_CAST(${column} AS DATE)`;
      return inRange(value, `BETWEEN DATE '0001-01-01' AND DATE '9999-12-31'`);
    }
    case "timestamp":
      return utcTimestampSql({ column, sourceType });
    default:
      return `TRY_CAST(${column} AS ${target})`;
  }
};
