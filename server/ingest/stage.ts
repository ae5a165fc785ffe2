import "server-only";
import { featureValue } from "@/lib/feature-values";
import { queryJsonRows, quoteIdent, type DuckDBConnection } from "../offline";
import type { TFeatureType } from "@/lib/api/feature-groups";
import {
  DUCKDB_TYPE_FOR,
  jsonLinesAsJsonSql,
  normalizeColumnName,
  rawRelationSql,
  type TUploadFormat,
} from "./formats";
import { typedValueSql } from "./value-rules";

// Offending rows an ingest error names: the first few, so the user can find them in the file.
const REPORTED_ROWS = 5;

export class IngestValidationError extends Error {
  constructor(
    message: string,
    readonly column: string | null = null,
    readonly rows: number[] = [],
  ) {
    super(message);
    this.name = "IngestValidationError";
  }
}

type TFeatureSpec = { name: string; type: TFeatureType; defaultValue?: unknown };

/**
 * The source column as SQL text of its values: JSON-lines values are read as JSON and taken as text, so that
 * JSON lines and CSV go through the same text rules (value-rules.ts) whatever DuckDB's sniffing guessed.
 */
const sourceValue = (source: string, sourceType: string) =>
  /^JSON$/i.test(sourceType)
    ? { column: `json_extract_string(${quoteIdent(source)}, '$')`, sourceType: "VARCHAR" }
    : { column: quoteIdent(source), sourceType };

const castExpression = (source: string, type: TFeatureType, sourceType: string): string =>
  typedValueSql({ ...sourceValue(source, sourceType), type });

/**
 * Reads an uploaded file, checks it against the feature group's schema, and returns the SELECT that reads
 * it typed like the feature group, for the Delta commit. Everything is checked before anything is written to the table:
 * unknown columns, missing key columns, null keys, and values that do not convert to the feature's type —
 * each error names the column and the first offending rows (1-based data rows, header excluded).
 */
export const validateAndTypeSource = async ({
  connection,
  filePath,
  format,
  features,
  requiredColumns,
  keyOnly,
}: {
  connection: DuckDBConnection;
  filePath: string;
  format: TUploadFormat;
  features: TFeatureSpec[];
  requiredColumns: string[];
  keyOnly?: string[];
}): Promise<{ rows: number; typedSql: string }> => {
  let raw = rawRelationSql({ filePath, format });
  let described: Record<string, unknown>[];
  try {
    described = await queryJsonRows(connection, `DESCRIBE SELECT * FROM ${raw}`);
    if (format === "jsonl") {
      // Sniffed types differ by which values came first (all "+02:00" → TIMESTAMP, mixed → VARCHAR, ms → BIGINT);
      // every column is read as JSON instead so each value is judged by itself.
      raw = jsonLinesAsJsonSql({ filePath, columns: described.map((column) => String(column.column_name)) });
      described = described.map((column) => ({ ...column, column_type: "JSON" }));
    }
  } catch (error) {
    throw new IngestValidationError(
      `The file could not be read as ${format}: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  const byName = new Map(features.map((feature) => [feature.name, feature]));
  const sources = new Map<string, { source: string; sourceType: string }>();
  const unknown: string[] = [];
  for (const column of described) {
    const source = String(column.column_name);
    const name = byName.has(source) ? source : normalizeColumnName(source);
    if (!byName.has(name)) unknown.push(source);
    else sources.set(name, { source, sourceType: String(column.column_type) });
  }
  if (unknown.length && !keyOnly)
    throw new IngestValidationError(
      `Unknown columns ${unknown.map((c) => `'${c}'`).join(", ")}: not features of this group`,
      unknown[0],
    );
  const wanted = keyOnly ? features.filter((feature) => keyOnly.includes(feature.name)) : features;
  const missing = requiredColumns.filter((column) => !sources.has(column));
  if (missing.length)
    throw new IngestValidationError(
      `Missing required column${missing.length > 1 ? "s" : ""} ${missing.map((c) => `'${c}'`).join(", ")} (primary key or event time)`,
      missing[0],
    );

  const present = wanted.filter((feature) => sources.has(feature.name));
  const checks = present.map((feature) => {
    const { source, sourceType } = sources.get(feature.name)!;
    const cast = castExpression(source, feature.type, sourceType);
    const isRequired = requiredColumns.includes(feature.name);
    const value = sourceValue(source, sourceType).column;
    const bad = `(${value} IS NOT NULL AND ${cast} IS NULL)${isRequired ? ` OR ${value} IS NULL` : ""}`;
    return { feature, source, value, cast, bad, isRequired };
  });
  const counts = checks.length
    ? (
        await queryJsonRows(
          connection,
          `SELECT count(*) AS total, ${checks.map((check, index) => `count(*) FILTER (WHERE ${check.bad}) AS bad_${index}`).join(", ")} FROM ${raw}`,
        )
      )[0]
    : (await queryJsonRows(connection, `SELECT count(*) AS total FROM ${raw}`))[0];
  const total = Number(counts.total);
  if (total === 0) throw new IngestValidationError("The file has no rows");
  for (const [index, check] of checks.entries()) {
    const badCount = Number(counts[`bad_${index}`]);
    if (!badCount) continue;
    const offending = await queryJsonRows(
      connection,
      `SELECT row_number, value FROM (SELECT row_number() OVER () AS row_number, CAST(${check.value} AS VARCHAR) AS value, ${check.bad} AS is_bad FROM ${raw}) WHERE is_bad ORDER BY row_number LIMIT ${REPORTED_ROWS}`,
    );
    const rows = offending.map((row) => Number(row.row_number));
    const examples = offending
      .map((row) => (row.value === null ? "null" : featureValue(JSON.stringify(String(row.value).slice(0, 40)))))
      .join(", ");
    const what =
      check.isRequired && offending.some((row) => row.value === null)
        ? `null or invalid values in required column`
        : `values that are not ${check.feature.type}`;
    throw new IngestValidationError(
      `Column '${check.feature.name}': ${badCount} row${badCount > 1 ? "s" : ""} with ${what} (rows ${rows.join(", ")}: ${examples})`,
      check.feature.name,
      rows,
    );
  }
  const projections = wanted.map((feature) => {
    const check = checks.find((candidate) => candidate.feature.name === feature.name);
    if (check) return `${check.cast} AS ${quoteIdent(feature.name)}`;
    return `CAST(NULL AS ${DUCKDB_TYPE_FOR[feature.type]}) AS ${quoteIdent(feature.name)}`;
  });
  // Validated, so every TRY_CAST now succeeds: the commit reads the file once more through this projection.
  return { rows: total, typedSql: `SELECT ${projections.join(", ")} FROM ${raw}` };
};
