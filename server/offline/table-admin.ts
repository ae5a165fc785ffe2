import "server-only";

import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { type TDeltaAction, ENGINE_INFO } from "./delta-actions";
import { type TFeatureColumn, featureColumnToField } from "./delta-schema";
import { DeltaConflictError, DeltaTableExistsError, DeltaTableNotFoundError, OfflineStoreInputError } from "./errors";
import { writeCommitFile } from "./log-store";
import { DELTA_LOG_DIR, validateTablePath } from "./paths";
import { TABLE_CONFIG } from "./table-config";

export const assertUniqueNames = (names: string[], field: string) => {
  const seen = new Set<string>();
  for (const name of names) {
    // DuckDB identifiers are case-insensitive, so "Age" and "age" would collide in every query.
    const folded = name.toLowerCase();
    if (seen.has(folded))
      throw new OfflineStoreInputError({ field, message: `Duplicate column ${JSON.stringify(name)}` });
    seen.add(folded);
  }
};

/** Creates an empty Delta table (version 0: protocol (1, 2) and metaData). Fails if one exists there. */
export const createDeltaTable = async ({
  tablePath: rawTablePath,
  storageRoot,
  schema,
  partitionColumns = [],
  primaryKey = [],
  eventTime,
  name,
  description,
}: {
  tablePath: string;
  storageRoot?: string;
  schema: TFeatureColumn[];
  partitionColumns?: string[];
  primaryKey?: string[];
  eventTime?: string;
  name?: string;
  description?: string;
}): Promise<{ version: number; tableId: string }> => {
  const tablePath = validateTablePath({ tablePath: rawTablePath, storageRoot });
  if (schema.length === 0)
    throw new OfflineStoreInputError({ field: "schema", message: "A table needs at least one column" });
  const fields = schema.map(featureColumnToField);
  assertUniqueNames(
    fields.map((field) => field.name),
    "schema",
  );
  const names = new Set(fields.map((field) => field.name));
  for (const [field, columns] of [
    ["partitionColumns", partitionColumns],
    ["primaryKey", primaryKey],
    ["eventTime", eventTime ? [eventTime] : []],
  ] as const) {
    for (const column of columns) {
      if (!names.has(column))
        throw new OfflineStoreInputError({ field, message: `Column ${JSON.stringify(column)} is not in the schema` });
    }
  }
  if (partitionColumns.length >= fields.length) {
    throw new OfflineStoreInputError({
      field: "partitionColumns",
      message: "At least one column must not be a partition column",
    });
  }
  for (const column of partitionColumns) {
    // Partition values become directories named `<column>=<value>`; Delta readers (Spark, delta-rs, Trino) skip
    // paths starting with "_" or "." as hidden, and so does vacuum, so such a column would hide its own data.
    if (column.startsWith("_") || column.startsWith(".")) {
      throw new OfflineStoreInputError({
        field: "partitionColumns",
        message: `Partition column ${JSON.stringify(column)} must not start with "_" or ".": Delta readers treat such directories as hidden`,
      });
    }
    if (schema.find((c) => c.name === column)?.type === "array<float>") {
      throw new OfflineStoreInputError({
        field: "partitionColumns",
        message: "Array columns cannot partition a table",
      });
    }
  }
  const tableId = randomUUID();
  const now = Date.now();
  const configuration: Record<string, string> = {};
  if (primaryKey.length > 0) configuration[TABLE_CONFIG.primaryKey] = JSON.stringify(primaryKey);
  if (eventTime) configuration[TABLE_CONFIG.eventTime] = eventTime;
  const actions: TDeltaAction[] = [
    {
      commitInfo: {
        timestamp: now,
        operation: "CREATE TABLE",
        operationParameters: { partitionBy: JSON.stringify(partitionColumns), description: description ?? "" },
        engineInfo: ENGINE_INFO,
        isBlindAppend: true,
      },
    },
    { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
    {
      metaData: {
        id: tableId,
        name: name ?? null,
        description: description ?? null,
        format: { provider: "parquet", options: {} },
        schemaString: JSON.stringify({ type: "struct", fields }),
        partitionColumns,
        configuration,
        createdTime: now,
      },
    },
  ];
  await fs.mkdir(tablePath, { recursive: true });
  try {
    await writeCommitFile({ tablePath, version: 0, actions });
  } catch (error) {
    if (error instanceof DeltaConflictError) throw new DeltaTableExistsError({ tablePath });
    throw error;
  }
  return { version: 0, tableId };
};

/** Deletes a whole table (data and log). Refuses a directory that is not a Delta table. */
export const deleteTable = async ({
  tablePath: rawTablePath,
  storageRoot,
}: {
  tablePath: string;
  storageRoot?: string;
}) => {
  const tablePath = validateTablePath({ tablePath: rawTablePath, storageRoot });
  try {
    await fs.access(path.join(tablePath, DELTA_LOG_DIR));
  } catch {
    throw new DeltaTableNotFoundError({ tablePath });
  }
  await fs.rm(tablePath, { recursive: true, force: true });
};
