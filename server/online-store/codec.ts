import "server-only";
import { bucketOf } from "./redis-layout";
import type { TFeatureType } from "@/lib/api/feature-groups";
import type { TOnlineGroup, TOnlineReadRow, TOnlineValue, TOnlineWriteRow } from "./types";

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
/**
 * Characters escaped inside key parts, with their escape letter: the backslash and separator (so composite keys
 * stay unambiguous), and the characters the bulk line format (encodeLine) and DuckDB's CSV writer give a meaning
 * to (tab, newline, carriage return, \x01, \x02). offline-source.ts mirrors this in SQL.
 */
export const KEY_ESCAPES: [string, string][] = [
  ["\\", "\\"],
  [KEY_SEPARATOR, KEY_SEPARATOR],
  ["\t", "t"],
  ["\n", "n"],
  ["\r", "r"],
  ["\x01", "1"],
  ["\x02", "2"],
];
const ESCAPE_OF = new Map(KEY_ESCAPES);
const UNESCAPE_OF = new Map(KEY_ESCAPES.map(([char, letter]) => [letter, char]));
const KEY_ESCAPE_PATTERN = /[\\|\t\n\r\x01\x02]/g;

export const encodeKey = (key: string[]): string =>
  key.map((part) => part.replace(KEY_ESCAPE_PATTERN, (char) => `\\${ESCAPE_OF.get(char)}`)).join(KEY_SEPARATOR);

/** The key parts of an encoded key (the inverse of encodeKey). */
export const decodeKey = (encoded: string): string[] => {
  if (!encoded.includes("\\")) return encoded.split(KEY_SEPARATOR);
  const parts: string[] = [];
  let current = "";
  for (let index = 0; index < encoded.length; index++) {
    const char = encoded[index];
    if (char === "\\") {
      const letter = encoded[++index];
      const unescaped = UNESCAPE_OF.get(letter);
      if (unescaped === undefined) throw new Error(`Invalid escape \\${letter} in an encoded key`);
      current += unescaped;
    } else if (char === KEY_SEPARATOR) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
};

/**
 * The version of how online rows are written (key and row encoding, and the unit of their event times). A group's
 * registry row records the version its online rows were written with (FeatureGroup.onlineCodecVersion); rows of an
 * older version are never served, and the next materialization (queued for every such group when a worker starts,
 * see upgrade.ts) drops and rebuilds them. History:
 *   1  a bigint event time was read as epoch seconds (µs values 1000× too large for epoch-millisecond data)
 *   2  every event time is read by server/offline/event-time.ts: bigint is epoch milliseconds, as offline
 * Raising it: a migration that sets the column's default to the new version and marks the affected groups stale.
 */
export const ONLINE_CODEC_VERSION = 2;

/** May this group's online rows be served? Not while they were written by an older codec (a rebuild is due). */
export const hasCurrentCodec = (group: Pick<TOnlineGroup, "onlineCodecVersion">): boolean =>
  (group.onlineCodecVersion ?? ONLINE_CODEC_VERSION) >= ONLINE_CODEC_VERSION;

/** Epoch µs → ISO 8601 UTC text with microseconds (`2026-01-01T00:00:00.000000Z`): how every API shows event times. */
export const isoFromMicros = (us: number): string => {
  const millis = Math.floor(us / 1000);
  return `${new Date(millis).toISOString().slice(0, 23)}${String(us - millis * 1000).padStart(3, "0")}Z`;
};

/**
 * A stored online row: a JSON array of the event time (epoch µs, a number) then the non-key features' canonical
 * texts (null for NULL) in `valueFeatures` order. Rows written before a feature was appended are shorter.
 */
const encodeRowJson = (row: Pick<TOnlineWriteRow, "eventTimeUs" | "values">): string =>
  JSON.stringify([row.eventTimeUs, ...row.values]);

export const decodeRowJson = (json: string): { eventTimeUs: number; texts: (string | null)[] } => {
  const [eventTimeUs, ...texts] = JSON.parse(json) as [number | string, ...(string | null)[]];
  return { eventTimeUs: Number(eventTimeUs), texts };
};

export { BUCKET_HEX_DIGITS, bucketOf } from "./redis-layout";

/**
 * The bulk line format in which rows travel from DuckDB to the online stores:
 * `<bucketOf(key)>\t<encodeKey(key)>\t<row JSON>\n` (bucketOf: redis-layout.ts). No part can hold a raw tab or newline (keys escape them,
 * JSON always does). Stores that do not bucket (PostgreSQL) ignore the first field.
 */
export const encodeLine = (row: TOnlineWriteRow): string => {
  const key = encodeKey(row.key);
  return `${bucketOf(key)}\t${key}\t${encodeRowJson(row)}\n`;
};

/** The encoded key of a line (without its newline) starting at `start`. */
export const lineKey = (line: string, start = 0): string => {
  const keyStart = line.indexOf("\t", start) + 1;
  return line.slice(keyStart, line.indexOf("\t", keyStart));
};

/** One line (without its newline) back to a write row. */
export const parseLine = (line: string): TOnlineWriteRow => {
  const keyStart = line.indexOf("\t") + 1;
  const rowStart = line.indexOf("\t", keyStart) + 1;
  const { eventTimeUs, texts } = decodeRowJson(line.slice(rowStart));
  return { key: decodeKey(line.slice(keyStart, rowStart - 1)), eventTimeUs, values: texts };
};

/** Every line of a block of lines (each ending in a newline). */
export const parseLines = (text: string): TOnlineWriteRow[] => {
  const rows: TOnlineWriteRow[] = [];
  let start = 0;
  for (let end = text.indexOf("\n"); end >= 0; start = end + 1, end = text.indexOf("\n", start))
    rows.push(parseLine(text.slice(start, end)));
  return rows;
};

/** Features stored as values: everything but the primary key. */
// Per group object, its value features: decodeRow needs them for every row read (the feature server reads
// hundreds per request). Recomputed if the group's feature or key list is replaced.
const valueFeaturesCache = new WeakMap<
  TOnlineGroup,
  { features: TOnlineGroup["features"]; primaryKey: string[]; result: TOnlineGroup["features"] }
>();

export const valueFeatures = (group: TOnlineGroup): TOnlineGroup["features"] => {
  const cached = valueFeaturesCache.get(group);
  if (cached && cached.features === group.features && cached.primaryKey === group.primaryKey) return cached.result;
  const result = group.features.filter((feature) => !group.primaryKey.includes(feature.name));
  valueFeaturesCache.set(group, { features: group.features, primaryKey: group.primaryKey, result });
  return result;
};

export const keyFeatures = (group: TOnlineGroup) =>
  group.primaryKey.map((name) => {
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

export const decodeRow = ({
  group,
  eventTimeUs,
  texts,
}: {
  group: TOnlineGroup;
  eventTimeUs: number;
  texts: (string | null | undefined)[];
}): TOnlineReadRow => {
  const values: Record<string, TOnlineValue> = {};
  const features = valueFeatures(group);
  for (let index = 0; index < features.length; index++)
    values[features[index].name] = decodeValue(features[index].type, texts[index]);
  return { eventTimeUs, values };
};

/** Is a row with this event time older than the group's TTL at `now` (ms)? Groups without event time never expire. */
export const isExpired = ({
  group,
  eventTimeUs,
  now,
}: {
  group: TOnlineGroup;
  eventTimeUs: number;
  now: number;
}): boolean => Boolean(group.ttlSeconds && group.eventTime) && eventTimeUs / 1000 + group.ttlSeconds! * 1000 < now;

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
      // A JSON number past 2^53 is not exact (and 1e21 spells no integer BigInt reads): send it as a string.
      if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value))
        return { error: `must be an integer (${type}); a number this large is not exact in JSON, send it as a string` };
      const text =
        typeof value === "number" && Number.isInteger(value)
          ? String(value)
          : typeof value === "string" && INTEGER_PATTERN.test(value.trim())
            ? value.trim()
            : null;
      if (text === null) return { error: `must be an integer (${type})` };
      const big = BigInt(text);
      const [min, max] = type === "int" ? [BigInt(INT32_MIN), BigInt(INT32_MAX)] : [INT64_MIN, INT64_MAX];
      if (big < min || big > max) return { error: `is out of range for ${type}` };
      return { text: big.toString() };
    }
    case "string":
      return typeof value === "string"
        ? { text: value }
        : typeof value === "number"
          ? { text: String(value) }
          : { error: "must be a string" };
    case "boolean":
      if (value === true || value === "true") return { text: "true" };
      if (value === false || value === "false") return { text: "false" };
      return { error: "must be true or false" };
    case "date":
      return typeof value === "string" && DATE_PATTERN.test(value) && !Number.isNaN(Date.parse(value))
        ? { text: value }
        : { error: "must be a date (YYYY-MM-DD)" };
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
