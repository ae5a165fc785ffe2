// Number, size, duration and cell formatting for the feature-store pages.

const integerFormat = new Intl.NumberFormat("en");
const decimalFormat = new Intl.NumberFormat("en", { maximumFractionDigits: 4 });

export const formatCount = (value: number): string => integerFormat.format(value);

export const formatPercent = (fraction: number): string => `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`;

export const formatBytes = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
};

/** "850 ms", "12.4 s", "3 min 5 s", "2 h 10 min". */
export const formatDuration = (milliseconds: number): string => {
  if (milliseconds < 1000) return `${Math.max(0, Math.round(milliseconds))} ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
};

export const durationBetween = (startIso: string | null, endIso: string | null, now: number): number | null => {
  if (!startIso) return null;
  return (endIso ? new Date(endIso).getTime() : now) - new Date(startIso).getTime();
};

const NUMERIC_TYPES = new Set([
  "int",
  "bigint",
  "float",
  "double",
  "integer",
  "long",
  "short",
  "byte",
  "smallint",
  "tinyint",
  "hugeint",
  "real",
  "decimal",
]);

export const isNumericType = (type: string): boolean =>
  NUMERIC_TYPES.has(type.toLowerCase()) || type.toLowerCase().startsWith("decimal");

/** An identifier by name (`id`, `card_id`): shown raw, never with thousands separators, even if not a key. */
export const isIdColumnName = (name: string): boolean => /(^|_)id$/i.test(name);

const timestampFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** A preview cell as text: numbers with separators, timestamps readable (UTC), arrays and objects as JSON. */
export const formatCellValue = (value: unknown, type: string): string => {
  if (value === null || value === undefined) return "null";
  const lower = type.toLowerCase();
  if (typeof value === "number")
    return Number.isInteger(value) ? integerFormat.format(value) : decimalFormat.format(value);
  if (typeof value === "string" && /^-?\d+$/.test(value) && isNumericType(lower))
    return integerFormat.format(BigInt(value));
  if (typeof value === "string" && lower.startsWith("timestamp")) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : `${timestampFormat.format(date)} UTC`;
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
};
