import "server-only";
import { InvalidInputError } from "../errors";
import { queryJsonRows, withDuckDb } from "../offline";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { featureTypeFromDuckDb, inferRelationSql, normalizeColumnName, type TUploadFormat } from "./formats";

const SAMPLE_ROWS = 20;
// Memory for sniffing only the first rows of a file.
const INFER_DUCKDB = { memoryLimit: "512MB", threads: 2 };

/** Infers feature names and types from a file's first rows, and suggests a primary key and event time. */
export const inferSchema = async ({
  filePath,
  format,
  fileName,
}: {
  filePath: string;
  format: TUploadFormat;
  fileName: string;
}) =>
  withDuckDb(INFER_DUCKDB, async (connection) => {
    const relation = inferRelationSql({ filePath, format });
    let described: Record<string, unknown>[];
    let sampleRows: Record<string, unknown>[];
    try {
      described = await queryJsonRows(connection, `DESCRIBE SELECT * FROM ${relation}`);
      sampleRows = await queryJsonRows(connection, `SELECT * FROM ${relation} LIMIT ${SAMPLE_ROWS}`);
    } catch (error) {
      throw new InvalidInputError(`${fileName} could not be read as ${format}`, [
        {
          path: "fileName",
          message: `${fileName} could not be read as ${format}: ${(error as Error).message.split("\n")[0]}`,
        },
      ]);
    }
    if (sampleRows.length === 0)
      throw new InvalidInputError(`${fileName} has no rows`, [
        { path: "fileName", message: `${fileName} has a header but no rows` },
      ]);
    const seen = new Set<string>();
    const inferredFeatures = described.map((column) => {
      const sourceName = String(column.column_name);
      let name = normalizeColumnName(sourceName);
      while (seen.has(name)) name = `${name}_2`;
      seen.add(name);
      return { name, sourceName, type: featureTypeFromDuckDb(String(column.column_type)) as TFeatureType };
    });
    const idColumns = inferredFeatures.filter((feature) => feature.name === "id" || feature.name.endsWith("_id"));
    const suggestedPrimaryKey = idColumns.length ? [idColumns[0].name] : [inferredFeatures[0].name];
    const timeColumn =
      inferredFeatures.find((feature) => feature.type === "timestamp") ??
      inferredFeatures.find((feature) => feature.type === "date");
    return { inferredFeatures, suggestedPrimaryKey, suggestedEventTime: timeColumn?.name ?? null, sampleRows };
  });
