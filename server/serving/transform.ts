import type { TFeatureType } from "@/lib/api/feature-groups";
import type { TTransformationStatistics } from "@/lib/api/training-datasets";

// Model-dependent transformations in JS, for online vectors: the same arithmetic as the DuckDB SQL of
// server/feature-views/transformations.ts (transformedColumnSql), applied with the statistics fitted on a
// training dataset. Kept pure and free of server-only imports so it can be unit-tested against DuckDB.

export type TVectorValue = number | string | boolean | null | number[];
export type TTransformedColumn = { name: string; type: TFeatureType; compute: (value: unknown) => TVectorValue };

/** SQL's CAST(x AS DOUBLE) of an online value: a float column was stored as REAL, so widen from single precision. */
const toDouble = (type: TFeatureType, value: unknown): number | null => {
  if (value === null || value === undefined) return null;
  const number =
    typeof value === "number"
      ? value
      : typeof value === "string"
        ? Number(value)
        : typeof value === "boolean"
          ? Number(value)
          : Number.NaN;
  if (!Number.isFinite(number)) return null;
  return type === "float" ? Math.fround(number) : number;
};

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/**
 * DuckDB's CAST(x AS VARCHAR) of a value of this type, which is what the encoders' vocabularies hold.
 * Doubles print shortest-round-trip with a ".0" on integral values, as DuckDB does.
 */
const duckDbText = (type: TFeatureType, value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "boolean":
      return value === true || value === "true" ? "true" : "false";
    case "float":
    case "double": {
      const number = Number(value);
      if (Number.isInteger(number) && Math.abs(number) < 1e15) return `${number}.0`;
      return String(number);
    }
    case "timestamp": {
      // TIMESTAMPTZ → 'YYYY-MM-DD HH:MM:SS[.ffffff]+00' (the session time zone is UTC).
      const text = String(value);
      const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(text);
      if (!match) {
        const date = new Date(text);
        if (Number.isNaN(date.getTime())) return text;
        return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}+00`;
      }
      const fraction = (match[3] ?? "").replace(/0+$/, "");
      return `${match[1]} ${match[2]}${fraction ? `.${fraction}` : ""}+00`;
    }
    default:
      return String(value);
  }
};

const ratio = (numerator: number | null, denominator: number | null): number | null => {
  if (numerator === null || denominator === null || denominator === 0) return null;
  const result = numerator / denominator;
  return Number.isFinite(result) ? result : null;
};
const minus = (a: number | null, b: number | null | undefined) =>
  a === null || b === null || b === undefined ? null : a - b;
const spread = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined ? null : b - a;

/** The vector columns one feature becomes under its fitted statistics (one-hot: one per category). */
export const transformedColumns = ({
  feature,
  type,
  statistics,
}: {
  feature: string;
  type: TFeatureType;
  statistics: TTransformationStatistics[string];
}): TTransformedColumn[] => {
  switch (statistics.type) {
    case "min_max_scaler": {
      const range = spread(statistics.min, statistics.max);
      return [
        {
          name: feature,
          type: "double",
          compute: (value) => ratio(minus(toDouble(type, value), statistics.min), range),
        },
      ];
    }
    case "standard_scaler":
      return [
        {
          name: feature,
          type: "double",
          compute: (value) => ratio(minus(toDouble(type, value), statistics.mean), statistics.std ?? null),
        },
      ];
    case "robust_scaler":
      return [
        {
          name: feature,
          type: "double",
          compute: (value) => ratio(minus(toDouble(type, value), statistics.median), statistics.iqr ?? null),
        },
      ];
    case "label_encoder": {
      const index = new Map((statistics.vocabulary ?? []).map((category, position) => [category, position]));
      return [
        {
          name: feature,
          type: "int",
          compute: (value) => index.get(duckDbText(type, value) ?? "\u0000no-category") ?? null,
        },
      ];
    }
    case "one_hot_encoder":
      return (statistics.vocabulary ?? []).map((category) => ({
        name: `${feature}_${category}`,
        type: "int" as const,
        compute: (value: unknown) => (duckDbText(type, value) === category ? 1 : 0),
      }));
    default:
      throw new Error(`Unknown transformation ${statistics.type}`);
  }
};
