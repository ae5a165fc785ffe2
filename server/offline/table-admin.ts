import "server-only";

import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { commitWithRetry } from "./commit-loop";
import { type TDeltaAction, ENGINE_INFO } from "./delta-actions";
import {
  COLUMN_COMMENT_METADATA_KEY,
  COLUMN_DEFAULT_METADATA_KEY,
  type TFeatureColumn,
  type TFeatureType,
  defaultValueSql,
  featureColumnToField,
  featureTypeToDelta,
  validateColumnName,
} from "./delta-schema";
import { type TDuckDbSettings, withDuckDb } from "./duckdb";
import { DeltaConflictError, DeltaTableExistsError, DeltaTableNotFoundError, OfflineStoreInputError } from "./errors";
import { writeCommitFile } from "./log-store";
import { DELTA_LOG_DIR, validateTablePath } from "./paths";
import { TABLE_CONFIG } from "./table-config";

const assertUniqueNames = (names: string[], field: string) => {
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

export type TNewColumn = { name: string; type: TFeatureType; default?: unknown; description?: string };

/**
 * Appends nullable columns (a non-breaking change). Rows in files written before the change read as the
 * column's default, which is kept in the field metadata (`larder.default`); other engines read NULL there.
 */
export const evolveSchema = async ({
  tablePath: rawTablePath,
  storageRoot,
  addColumns,
  duckdb,
}: {
  tablePath: string;
  storageRoot?: string;
  addColumns: TNewColumn[];
  duckdb?: TDuckDbSettings;
}): Promise<{ version: number }> => {
  const tablePath = validateTablePath({ tablePath: rawTablePath, storageRoot });
  if (addColumns.length === 0) throw new OfflineStoreInputError({ field: "addColumns", message: "Nothing to add" });
  return withDuckDb(duckdb, async (connection) => {
    for (const column of addColumns) {
      validateColumnName(column.name, "addColumns");
      // Evaluate the default once so a value that does not fit the type is rejected before anything is written.
      const expression = defaultValueSql({ value: column.default ?? null, type: featureTypeToDelta(column.type) });
      await connection.run(`SELECT ${expression}`).catch((error: Error) => {
        throw new OfflineStoreInputError({
          field: "addColumns",
          message: `Default of ${column.name}: ${error.message}`,
        });
      });
    }
    return commitWithRetry({
      tablePath,
      connection,
      prepare: async ({ snapshot }) => {
        const existing = snapshot.schema.fields;
        assertUniqueNames([...existing.map((f) => f.name), ...addColumns.map((c) => c.name)], "addColumns");
        const added = addColumns.map((column) => {
          const field = featureColumnToField({ name: column.name, type: column.type, nullable: true });
          field.metadata = {
            ...(column.default !== undefined && column.default !== null
              ? { [COLUMN_DEFAULT_METADATA_KEY]: column.default }
              : {}),
            ...(column.description ? { [COLUMN_COMMENT_METADATA_KEY]: column.description } : {}),
          };
          return field;
        });
        const now = Math.max(Date.now(), snapshot.timestamp + 1);
        return {
          kind: "commit",
          actions: [
            {
              commitInfo: {
                timestamp: now,
                operation: "ADD COLUMNS",
                operationParameters: {
                  columns: JSON.stringify(addColumns.map((c) => ({ name: c.name, type: c.type }))),
                },
                engineInfo: ENGINE_INFO,
                readVersion: snapshot.version,
              },
            },
            {
              metaData: {
                ...snapshot.metaData,
                schemaString: JSON.stringify({ type: "struct", fields: [...existing, ...added] }),
              },
            },
          ],
          result: (version) => ({ version }),
        };
      },
    });
  });
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
