import type { TFeatureType } from "@/lib/api/feature-groups";

// The values on-demand expressions compute with, and the one conversion into them from wherever inputs come from:
// a DuckDB row in training and batch data (a scalar function's arguments), or an online-store row and a request
// body in the feature server. Both sides convert here, so an expression sees the same value on both.
//   number     an IEEE double; a float feature is its 32-bit value widened exactly (Math.fround), a bigint the
//              nearest double; NaN and ±Infinity read as null
//   string     itself;  boolean  itself
//   timestamp  a bigint: epoch microseconds, UTC (a date is its midnight UTC)
// Isomorphic (no server-only): the serving plan and the request checks use it too.

export type TExprValue = number | string | boolean | bigint | null;

const MICROS_PER_DAY = 86_400_000_000n;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days from 1970-01-01 to a proleptic Gregorian civil date (Howard Hinnant's days_from_civil). */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
};

// YYYY-MM-DD, optionally [T ]HH:MM:SS[.fraction] and a zone (Z, ±HH, ±HHMM, ±HH:MM); no zone means UTC.
const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Epoch microseconds of an instant written in the documented ISO 8601 forms, or null if it is not one. Digits
 * beyond microseconds are dropped (truncated), as DuckDB does when it casts such text to TIMESTAMPTZ, so a spine
 * column holding the same text gives the same instant offline.
 */
export const parseInstant = (text: string): bigint | null => {
  const match = INSTANT_PATTERN.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone = "Z"] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1])) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (zone !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const zoneHours = Number(digits.slice(0, 2));
    const zoneMinutes = Number(digits.slice(2) || "0");
    if (zoneMinutes > 59) return null;
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  }
  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return BigInt(seconds) * 1_000_000n + BigInt(fraction.padEnd(6, "0").slice(0, 6));
};

const pad = (value: number | bigint, width = 2) => String(value).padStart(width, "0");

/** Epoch microseconds → `YYYY-MM-DDTHH:MM:SS.ffffffZ`, the canonical timestamp text of the API and online store. */
export const formatInstant = (micros: bigint): string => {
  const days = micros / MICROS_PER_DAY - (micros % MICROS_PER_DAY < 0n ? 1n : 0n);
  const inDay = micros - days * MICROS_PER_DAY;
  const date = new Date(Number(days) * 86_400_000);
  const seconds = Number(inDay / 1_000_000n);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}.${pad(inDay % 1_000_000n, 6)}Z`;
};

/** Milliseconds since the epoch (floored) of a timestamp value, for calendar fields. */
export const instantMillis = (micros: bigint): number => Number(micros / 1000n - (micros % 1000n < 0n ? 1n : 0n));

export const MICROS_PER_DAY_NUMBER = Number(MICROS_PER_DAY);

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/**
 * An input of the given feature type as an expression value. `raw` is what either side holds: a JS number, bigint,
 * string, boolean, epoch-µs bigint (timestamp from DuckDB), or the online store's canonical text.
 */
export const toExprValue = (type: TFeatureType | undefined, raw: unknown): TExprValue => {
  if (raw === null || raw === undefined) return null;
  switch (type) {
    case "int":
    case "bigint":
    case "double":
      return finiteOrNull(Number(raw));
    case "float":
      return finiteOrNull(Math.fround(Number(raw)));
    case "boolean":
      return raw === true || raw === "true";
    case "string":
      return String(raw);
    case "timestamp":
    case "date":
      if (typeof raw === "bigint") return raw;
      return typeof raw === "string" ? parseInstant(raw) : null;
    default:
      return typeof raw === "number" ? finiteOrNull(raw) : (raw as TExprValue);
  }
};

/** A computed value as the feature server returns it: -0 as 0 (JSON has no -0), timestamps as canonical text. */
export const toServingValue = (value: TExprValue): number | string | boolean | null => {
  if (typeof value === "bigint") return formatInstant(value);
  if (typeof value === "number") return value === 0 ? 0 : value;
  return value;
};

const FLOAT_MAX = 3.4028234663852886e38;

/** Why a request-parameter value (JSON, as a client sends it) does not fit its declared type; null if it does. */
export const requestValueIssue = (type: TFeatureType, value: unknown): string | null => {
  if (value === null) return null;
  switch (type) {
    case "int":
      return Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31
        ? null
        : "must be a 32-bit integer";
    case "bigint":
      return Number.isSafeInteger(value) ||
        (typeof value === "string" &&
          /^-?\d{1,19}$/.test(value) &&
          BigInt(value) >= -(2n ** 63n) &&
          BigInt(value) < 2n ** 63n)
        ? null
        : "must be a 64-bit integer (a decimal string beyond 2^53)";
    case "float":
      return typeof value === "number" && Math.abs(value) <= FLOAT_MAX ? null : "must be a number in the float range";
    case "double":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a finite number";
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "string":
      return typeof value === "string" && !value.includes("\u0000") ? null : "must be a string without NUL";
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && parseInstant(value) !== null
        ? null
        : "must be a date (YYYY-MM-DD)";
    case "timestamp":
      return typeof value === "string" && parseInstant(value) !== null
        ? null
        : "must be an ISO 8601 timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff] with Z or an offset)";
    default:
      return `has type ${type}, which request parameters cannot have`;
  }
};
