import "server-only";
import { open } from "node:fs/promises";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { quoteLiteral } from "../offline";

export type TUploadFormat = "csv" | "parquet" | "jsonl";

const EXTENSIONS: Record<string, TUploadFormat> = {
  csv: "csv",
  parquet: "parquet",
  pq: "parquet",
  jsonl: "jsonl",
  ndjson: "jsonl",
  json: "jsonl",
};
// Bytes read to decide whether a text file is text: enough to see a header and some rows.
const SNIFF_BYTES = 64 * 1024;

export const formatFromFileName = (fileName: string): TUploadFormat | null => {
  const match = /\.([a-z0-9]+)$/i.exec(fileName);
  return match ? (EXTENSIONS[match[1].toLowerCase()] ?? null) : null;
};

/** A file name safe to show and to keep: a plain name (no path, so no "../"), printable, bounded; else null. */
export const safeFileName = (fileName: string): string | null => {
  // eslint-disable-next-line no-control-regex
  if (
    !fileName ||
    fileName === "." ||
    fileName === ".." ||
    fileName.length > 255 ||
    /[\\/\u0000-\u001f]/.test(fileName)
  )
    return null;
  return fileName;
};

/** Checks that the bytes are what the name claims; returns a reason when they are not. */
export const checkFileFormat = async ({
  filePath,
  format,
  sizeBytes,
}: {
  filePath: string;
  format: TUploadFormat;
  sizeBytes: number;
}): Promise<string | null> => {
  const handle = await open(filePath, "r");
  try {
    if (format === "parquet") {
      if (sizeBytes < 12) return "is too short to be a Parquet file";
      const head = Buffer.alloc(4);
      const tail = Buffer.alloc(4);
      await handle.read(head, 0, 4, 0);
      await handle.read(tail, 0, 4, sizeBytes - 4);
      return head.toString("latin1") === "PAR1" && tail.toString("latin1") === "PAR1"
        ? null
        : "is not a Parquet file (no PAR1 magic bytes)";
    }
    const sample = Buffer.alloc(Math.min(SNIFF_BYTES, sizeBytes));
    await handle.read(sample, 0, sample.length, 0);
    if (sample.includes(0))
      return `is not a ${format === "csv" ? "CSV" : "JSON-lines"} text file (it contains binary data)`;
    const text = new TextDecoder("utf-8", { fatal: false }).decode(sample);
    if (text.startsWith("PAR1")) return `is a Parquet file, not ${format === "csv" ? "CSV" : "JSON lines"}`;
    if (format === "jsonl") {
      const firstLine = text.split("\n").find((line) => line.trim());
      if (!firstLine) return "has no JSON lines";
      try {
        const value = JSON.parse(firstLine);
        if (!value || typeof value !== "object" || Array.isArray(value)) return "must hold one JSON object per line";
      } catch {
        if (sizeBytes <= SNIFF_BYTES || text.includes("\n"))
          return "is not JSON lines (its first line is not a JSON object)";
      }
    }
    if (format === "csv") {
      const header = text.split(/\r?\n/)[0] ?? "";
      if (!header.trim()) return "has no header row";
      if (header.trim().startsWith("{")) return "looks like JSON, not CSV";
    }
    return null;
  } finally {
    await handle.close();
  }
};

/** The DuckDB relation that reads an uploaded file as it is (CSV as text, so we decide the types). */
export const rawRelationSql = ({ filePath, format }: { filePath: string; format: TUploadFormat }): string => {
  const file = quoteLiteral(filePath);
  if (format === "parquet") return `read_parquet(${file})`;
  if (format === "jsonl")
    return `read_json(${file}, format = 'newline_delimited', sample_size = 20480, maximum_object_size = 16777216)`;
  return `read_csv(${file}, header = true, all_varchar = true, sample_size = 20480)`;
};

/** JSON lines with every column read as JSON (no type sniffing): values are judged one by one. */
export const jsonLinesAsJsonSql = ({ filePath, columns }: { filePath: string; columns: string[] }): string =>
  `read_json(${quoteLiteral(filePath)}, format = 'newline_delimited', maximum_object_size = 16777216, ` +
  `columns = {${columns.map((name) => `${quoteLiteral(name)}: 'JSON'`).join(", ")}})`;

/** The sniffing relation for schema inference: CSV with DuckDB's type detection. */
export const inferRelationSql = ({ filePath, format }: { filePath: string; format: TUploadFormat }): string =>
  format === "csv"
    ? `read_csv(${quoteLiteral(filePath)}, header = true, sample_size = 20480)`
    : rawRelationSql({ filePath, format });

export const DUCKDB_TYPE_FOR: Record<TFeatureType, string> = {
  int: "INTEGER",
  bigint: "BIGINT",
  float: "FLOAT",
  double: "DOUBLE",
  string: "VARCHAR",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMP",
  "array<float>": "FLOAT[]",
};

/** Our feature type for a DuckDB column type found in a file. */
export const featureTypeFromDuckDb = (duckType: string): TFeatureType => {
  const type = duckType.toUpperCase();
  if (type.endsWith("[]")) return "array<float>";
  if (type === "BIGINT" || type === "HUGEINT" || type === "UBIGINT" || type === "UINTEGER") return "bigint";
  if (type === "INTEGER" || type === "SMALLINT" || type === "TINYINT" || type === "USMALLINT" || type === "UTINYINT")
    return "int";
  if (type === "FLOAT" || type === "REAL") return "float";
  if (type === "DOUBLE" || type.startsWith("DECIMAL")) return "double";
  if (type === "BOOLEAN") return "boolean";
  if (type === "DATE") return "date";
  if (type.startsWith("TIMESTAMP")) return "timestamp";
  return "string";
};

/** Column names in files are free text; feature names follow the naming rule. */
export const normalizeColumnName = (name: string): string => {
  let normalized = name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!/^[a-z]/.test(normalized)) normalized = `f_${normalized}`;
  return normalized.slice(0, 63);
};
