import "server-only";
import type { TFeatureType } from "@/lib/api/feature-groups";
import type { TOnlineGroup, TOnlineReadRow, TOnlineValue } from "./types";

// Canonical text: the one string form of each feature type that the offline reader (DuckDB), both online stores
// and request keys agree on, so keys compare as strings and values decode without a schema lookup per row.
//   int, bigint   decimal integer            "42"
//   float, double DuckDB/PostgreSQL text     "0.1", "1.0", "1e+20" (decoded with Number)
//   boolean       "true" | "false"
//   string        itself
//   date          "YYYY-MM-DD"
//   timestamp     "YYYY-MM-DDTHH:MM:SS.ffffffZ" (UTC, microseconds)
//   array<float>  JSON array text              "[1.0, 0.5]"

/** Separates the components of a composite key; escaped inside values so keys stay unambiguous. */
const KEY_SEPARATOR = "|";

export const encodeKey = (key: string[]): string => key.map((part) => part.replaceAll("\\", "\\\\").replaceAll(KEY_SEPARATOR, `\\${KEY_SEPARATOR}`)).join(KEY_SEPARATOR);

/** Features stored as values: everything but the primary key. */
export const valueFeatures = (group: TOnlineGroup) => group.features.filter((feature) => !group.primaryKey.includes(feature.name));

export const keyFeatures = (group: TOnlineGroup) => group.primaryKey.map((name) => {
  const feature = group.features.find((candidate) => candidate.name === name);
  if (!feature) throw new Error(`primary-key column '${name}' is not a feature`);
  return feature;
});

export const decodeValue = (type: TFeatureType, text: string | null | undefined): TOnlineValue => {
  if (text === null || text === undefined) return null;
  switch (type) {
    case "int":
    case "float":
    case "double":
      return Number(text);
    case "boolean":
      return text === "true";
    case "array<float>":
      return JSON.parse(text) as number[];
    default:
      // bigint stays a decimal string (exact beyond 2^53); string, date and timestamp are text already.
      return text;
  }
};

export const decodeRow = ({ group, eventTimeUs, texts }: { group: TOnlineGroup; eventTimeUs: number; texts: (string | null | undefined)[] }): TOnlineReadRow => {
  const values: Record<string, TOnlineValue> = {};
  valueFeatures(group).forEach((feature, index) => {
    values[feature.name] = decodeValue(feature.type, texts[index]);
  });
  return { eventTimeUs, values };
};

/** Is a row with this event time older than the group's TTL at `now` (ms)? Groups without event time never expire. */
export const isExpired = ({ group, eventTimeUs, now }: { group: TOnlineGroup; eventTimeUs: number; now: number }): boolean =>
  Boolean(group.ttlSeconds && group.eventTime) && eventTimeUs / 1000 + group.ttlSeconds! * 1000 < now;

const INTEGER_PATTERN = /^-?\d+$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The canonical text of one key value given by a caller (JSON), or an error message. */
export const canonicalKeyValue = (type: TFeatureType, value: unknown): { text: string } | { error: string } => {
  switch (type) {
    case "int":
    case "bigint": {
      const text = typeof value === "number" && Number.isInteger(value) ? String(value) : typeof value === "string" && INTEGER_PATTERN.test(value.trim()) ? value.trim() : null;
      if (text === null) return { error: `must be an integer (${type})` };
      const big = BigInt(text);
      const [min, max] = type === "int" ? [BigInt(INT32_MIN), BigInt(INT32_MAX)] : [INT64_MIN, INT64_MAX];
      if (big < min || big > max) return { error: `is out of range for ${type}` };
      return { text: big.toString() };
    }
    case "string":
      return typeof value === "string" ? { text: value } : typeof value === "number" ? { text: String(value) } : { error: "must be a string" };
    case "boolean":
      if (value === true || value === "true") return { text: "true" };
      if (value === false || value === "false") return { text: "false" };
      return { error: "must be true or false" };
    case "date":
      return typeof value === "string" && DATE_PATTERN.test(value) && !Number.isNaN(Date.parse(value)) ? { text: value } : { error: "must be a date (YYYY-MM-DD)" };
    case "timestamp": {
      const millis = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : Number.NaN;
      if (!Number.isFinite(millis)) return { error: "must be an ISO 8601 timestamp" };
      const fraction = typeof value === "string" ? /\.(\d{4,6})(Z|[+-]|$)/.exec(value)?.[1] : undefined;
      const iso = new Date(millis).toISOString();
      return { text: `${iso.slice(0, 23)}${(fraction ?? "").padEnd(6, "0").slice(3) || "000"}Z` };
    }
    default:
      return { error: `a ${type} column cannot be part of a key` };
  }
};
