import "server-only";

import { quoteIdent, quoteLiteral } from "./duckdb";
import { OfflineStoreInputError } from "./errors";

/** Feature types a feature group column may have (the registry's vocabulary): the keys of FEATURE_TO_DELTA. */
export type TFeatureType = keyof typeof FEATURE_TO_DELTA;

export type TFeatureColumn = { name: string; type: TFeatureType; nullable?: boolean; description?: string };

/** Delta's JSON schema format (PROTOCOL.md "Schema Serialization Format"). */
export type TDeltaDataType =
  | string
  | { type: "array"; elementType: TDeltaDataType; containsNull: boolean }
  | { type: "map"; keyType: TDeltaDataType; valueType: TDeltaDataType; valueContainsNull: boolean }
  | TDeltaStructType;
export type TDeltaField = { name: string; type: TDeltaDataType; nullable: boolean; metadata: Record<string, unknown> };
export type TDeltaStructType = { type: "struct"; fields: TDeltaField[] };

// Field metadata key holding the JSON default of a column added by evolveSchema; files written before the
// column existed read as this value.
export const COLUMN_DEFAULT_METADATA_KEY = "larder.default";
// Field metadata key for the feature description, so the table is self-describing outside Larder.
export const COLUMN_COMMENT_METADATA_KEY = "comment";

// Column names: any printable text except what breaks Hive partition directories or Parquet paths.
// Quoting makes every name safe in SQL; this rule keeps names portable to Spark and Hive.
const MAX_COLUMN_NAME_LENGTH = 255;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_COLUMN_CHARS = /[\u0000-\u001f\u007f,;{}()\n\t="]/;

export const validateColumnName = (name: string, field = "schema"): void => {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_COLUMN_NAME_LENGTH) {
    throw new OfflineStoreInputError({ field, message: `Column name must be 1–${MAX_COLUMN_NAME_LENGTH} characters` });
  }
  if (FORBIDDEN_COLUMN_CHARS.test(name) || name.trim() !== name) {
    throw new OfflineStoreInputError({
      field,
      message: `Column name ${JSON.stringify(name)} contains forbidden characters`,
    });
  }
  if (name.startsWith("_larder_")) {
    throw new OfflineStoreInputError({
      field,
      message: `Column name ${JSON.stringify(name)} uses the reserved prefix _larder_`,
    });
  }
};

const FEATURE_TO_DELTA = {
  int: "integer",
  bigint: "long",
  float: "float",
  double: "double",
  string: "string",
  boolean: "boolean",
  date: "date",
  timestamp: "timestamp",
  "array<float>": { type: "array", elementType: "float", containsNull: true },
} satisfies Record<string, TDeltaDataType>;

export const featureTypeToDelta = (type: TFeatureType): TDeltaDataType => {
  const mapped: TDeltaDataType | undefined = FEATURE_TO_DELTA[type];
  if (mapped === undefined)
    throw new OfflineStoreInputError({ field: "type", message: `Unknown feature type ${String(type)}` });
  return mapped;
};

export const featureColumnToField = (column: TFeatureColumn): TDeltaField => {
  validateColumnName(column.name);
  return {
    name: column.name,
    type: featureTypeToDelta(column.type),
    nullable: column.nullable ?? true,
    metadata: column.description ? { [COLUMN_COMMENT_METADATA_KEY]: column.description } : {},
  };
};

const PRIMITIVE_TO_DUCKDB: Record<string, string> = {
  string: "VARCHAR",
  long: "BIGINT",
  integer: "INTEGER",
  short: "SMALLINT",
  byte: "TINYINT",
  float: "FLOAT",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  binary: "BLOB",
  date: "DATE",
  // Delta "timestamp" is an instant (Parquet isAdjustedToUTC=true); timestamp_ntz is a wall-clock time.
  timestamp: "TIMESTAMPTZ",
  timestamp_ntz: "TIMESTAMP",
};
const DECIMAL_PATTERN = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/;

/** DuckDB SQL type of a feature type as the offline store holds it (timestamps are instants: TIMESTAMPTZ). */
export const featureTypeToDuckDb = (type: TFeatureType): string => deltaTypeToDuckDb(featureTypeToDelta(type));

/** DuckDB SQL type for a Delta type; nested types map recursively. */
export const deltaTypeToDuckDb = (type: TDeltaDataType): string => {
  if (typeof type === "string") {
    const primitive = PRIMITIVE_TO_DUCKDB[type];
    if (primitive) return primitive;
    const decimal = DECIMAL_PATTERN.exec(type);
    if (decimal) return `DECIMAL(${Number(decimal[1])}, ${Number(decimal[2])})`;
    if (type === "decimal") return "DECIMAL(10, 0)";
    throw new OfflineStoreInputError({ field: "schema", message: `Unsupported Delta type ${type}` });
  }
  switch (type.type) {
    case "array":
      return `${deltaTypeToDuckDb(type.elementType)}[]`;
    case "map":
      return `MAP(${deltaTypeToDuckDb(type.keyType)}, ${deltaTypeToDuckDb(type.valueType)})`;
    case "struct":
      return `STRUCT(${type.fields.map((f) => `${quoteIdent(f.name)} ${deltaTypeToDuckDb(f.type)}`).join(", ")})`;
    default:
      throw new OfflineStoreInputError({ field: "schema", message: `Unsupported Delta type ${JSON.stringify(type)}` });
  }
};

/** Display name of a Delta type: "long", "decimal(10,5)", "array<float>", "struct<a: long, b: string>". */
export const deltaTypeName = (type: TDeltaDataType): string => {
  if (typeof type === "string") return type;
  if (type.type === "array") return `array<${deltaTypeName(type.elementType)}>`;
  if (type.type === "map") return `map<${deltaTypeName(type.keyType)}, ${deltaTypeName(type.valueType)}>`;
  return `struct<${type.fields.map((f) => `${f.name}: ${deltaTypeName(f.type)}`).join(", ")}>`;
};

export const parseSchemaString = (schemaString: string): TDeltaStructType => {
  const parsed = JSON.parse(schemaString) as TDeltaStructType;
  if (parsed?.type !== "struct" || !Array.isArray(parsed.fields))
    throw new Error("metaData.schemaString is not a struct schema");
  return parsed;
};

/**
 * SQL expression of a partition value from add.partitionValues: a string, or null or "" (SQL NULL), typed by
 * the schema. Zone-less timestamp strings are UTC (the connection's TimeZone is UTC).
 */
export const partitionValueSql = ({
  value,
  type,
}: {
  value: string | null | undefined;
  type: TDeltaDataType;
}): string => {
  const duckType = deltaTypeToDuckDb(type);
  // PROTOCOL.md, Partition Value Serialization: "An empty string for any type translates to a null partition
  // value" — string columns included, as Spark, delta-rs and Delta Kernel read it.
  if (value === null || value === undefined || value === "") return `CAST(NULL AS ${duckType})`;
  return `CAST(${quoteLiteral(value)} AS ${duckType})`;
};

/** SQL literal of a JSON default value for a column, cast to its type. */
export const defaultValueSql = ({ value, type }: { value: unknown; type: TDeltaDataType }): string => {
  const duckType = deltaTypeToDuckDb(type);
  if (value === null || value === undefined) return `CAST(NULL AS ${duckType})`;
  if (Array.isArray(value)) {
    const elements = value.map((element) => {
      if (typeof element !== "number" || !Number.isFinite(element)) {
        throw new OfflineStoreInputError({ field: "default", message: "Array defaults must hold finite numbers" });
      }
      return String(element);
    });
    return `CAST([${elements.join(", ")}] AS ${duckType})`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new OfflineStoreInputError({ field: "default", message: "Numeric defaults must be finite" });
  }
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    throw new OfflineStoreInputError({
      field: "default",
      message: "Defaults must be a string, number, boolean, number array or null",
    });
  }
  return `CAST(${quoteLiteral(String(value))} AS ${duckType})`;
};
