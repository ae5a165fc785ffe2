import "server-only";

import { commitWithRetry } from "./commit-loop";
import { type TAddAction, type TDeltaAction, ENGINE_INFO, removeAction, parseFileStats } from "./delta-actions";
import { writeDataFiles } from "./data-files";
import {
  COLUMN_COMMENT_METADATA_KEY,
  COLUMN_DEFAULT_METADATA_KEY,
  type TDeltaStructType,
  type TFeatureType,
  defaultValueSql,
  featureColumnToField,
  featureTypeToDelta,
  validateColumnName,
} from "./delta-schema";
import { type TDuckDbSettings, type DuckDBConnection, quoteIdent, withDuckDb } from "./duckdb";
import { OfflineStoreInputError } from "./errors";
import { resolveDataFilePath, validateTablePath } from "./paths";
import { buildScanSql, probePhysicalColumns } from "./scan";
import type { TDeltaSnapshot } from "./snapshot";
import { assertUniqueNames } from "./table-admin";
import { TABLE_CONFIG } from "./table-config";

// One meaning of a column default for every reader: the default is written into the data files. Appending a
// column with a default rewrites the table's files in the same commit (a real data change), so Spark, delta-rs
// or a bare Parquet reader see the default where Larder does, and a later compaction (dataChange=false) copies
// values, never invents them. `larder.default` in the field metadata then only fills the column for new loads
// that omit it. Tables evolved before this rule may still hold files without the column: Larder's reader fills
// the default there, other readers read NULL, so compaction leaves those files alone and backfillDefaults
// rewrites them with a data-changing commit.

export type TNewColumn = { name: string; type: TFeatureType; default?: unknown; description?: string };

const hasDefault = (metadata: Record<string, unknown> | undefined) =>
  metadata?.[COLUMN_DEFAULT_METADATA_KEY] !== undefined && metadata?.[COLUMN_DEFAULT_METADATA_KEY] !== null;

/** Live files lacking a (non-partition) column that has a default: what other readers read as NULL. */
export const filesLackingDefaults = async ({
  connection,
  tablePath,
  schema,
  partitionColumns,
  files,
}: {
  connection: DuckDBConnection;
  tablePath: string;
  schema: TDeltaStructType;
  partitionColumns: string[];
  files: TAddAction[];
}): Promise<TAddAction[]> => {
  const defaulted = schema.fields
    .filter((field) => !partitionColumns.includes(field.name) && hasDefault(field.metadata))
    .map((field) => field.name);
  if (defaulted.length === 0 || files.length === 0) return [];
  const paths = files.map((file) => resolveDataFilePath({ tablePath, addPath: file.path }));
  const physical = await probePhysicalColumns(connection, [...new Set(paths)]);
  return files.filter((_, i) => defaulted.some((name) => !physical.get(paths[i])?.has(name)));
};

/** Sort key of rewritten files: primary key + event time, as every writer of the table sorts. */
const tableSortKey = (snapshot: TDeltaSnapshot): string[] => {
  const configuration = snapshot.metaData.configuration ?? {};
  return [
    ...(configuration[TABLE_CONFIG.primaryKey] ? (JSON.parse(configuration[TABLE_CONFIG.primaryKey]) as string[]) : []),
    ...(configuration[TABLE_CONFIG.eventTime] ? [configuration[TABLE_CONFIG.eventTime]] : []),
  ];
};

/**
 * Rewrites `files` with `schema` (defaults filled by the reader, now stored physically) and returns the
 * add/remove actions of a data-changing commit plus the number of rows rewritten.
 */
const backfillFiles = async ({
  connection,
  snapshot,
  schema,
  files,
  track,
  now,
}: {
  connection: DuckDBConnection;
  snapshot: TDeltaSnapshot;
  schema: TDeltaStructType;
  files: TAddAction[];
  track: (files: string[]) => void;
  now: number;
}): Promise<{ actions: TDeltaAction[]; rows: number; filesAdded: number }> => {
  if (files.length === 0) return { actions: [], rows: 0, filesAdded: 0 };
  const scan = await buildScanSql({ connection, source: { ...snapshot, schema, files } });
  const sortKey = tableSortKey(snapshot);
  const orderBy = sortKey.length > 0 ? ` ORDER BY ${sortKey.map(quoteIdent).join(", ")}` : "";
  const written = await writeDataFiles({
    connection,
    tablePath: snapshot.tablePath,
    selectSql: `SELECT * FROM ${scan} AS s${orderBy}`,
    schema,
    partitionColumns: snapshot.partitionColumns,
  });
  track(written.files);
  const rows = written.adds.reduce((total, add) => total + (parseFileStats(add.stats)?.numRecords ?? 0), 0);
  const actions: TDeltaAction[] = [
    ...written.adds.map((add) => ({ add })),
    ...files.map((file) => removeAction(file, { now, dataChange: true })),
  ];
  return { actions, rows, filesAdded: written.adds.length };
};

/**
 * Appends nullable columns (a non-breaking change), in one commit. A column with a default has it written into
 * every existing row in that same commit (the files are rewritten: a data change every reader sees); without
 * a default, old rows are NULL for every reader and nothing is rewritten.
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
}): Promise<{ version: number; rowsBackfilled: number }> => {
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
      prepare: async ({ snapshot, track }) => {
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
        const schema: TDeltaStructType = { type: "struct", fields: [...existing, ...added] };
        const now = Math.max(Date.now(), snapshot.timestamp + 1);
        const stale = await filesLackingDefaults({
          connection,
          tablePath,
          schema,
          partitionColumns: snapshot.partitionColumns,
          files: snapshot.files,
        });
        const backfill = await backfillFiles({ connection, snapshot, schema, files: stale, track, now });
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
                operationMetrics: { numBackfilledRows: String(backfill.rows) },
                engineInfo: ENGINE_INFO,
                readVersion: snapshot.version,
                larder: { rowsUpdated: backfill.rows, filesAdded: backfill.filesAdded, filesRemoved: stale.length },
              },
            },
            { metaData: { ...snapshot.metaData, schemaString: JSON.stringify(schema) } },
            ...backfill.actions,
          ],
          result: (version) => ({ version, rowsBackfilled: backfill.rows }),
        };
      },
    });
  });
};

/**
 * Writes the defaults of columns added before defaults were backfilled into the files still lacking them, as
 * one data-changing commit (operation `BACKFILL DEFAULTS`), so every reader then reads what Larder reads. A
 * no-op (version unchanged) when no file lacks a defaulted column.
 */
export const backfillDefaults = async ({
  tablePath: rawTablePath,
  storageRoot,
  duckdb,
}: {
  tablePath: string;
  storageRoot?: string;
  duckdb?: TDuckDbSettings;
}): Promise<{ version: number; rowsBackfilled: number }> => {
  const tablePath = validateTablePath({ tablePath: rawTablePath, storageRoot });
  return withDuckDb(duckdb, (connection) =>
    commitWithRetry({
      tablePath,
      connection,
      prepare: async ({ snapshot, track }) => {
        const stale = await filesLackingDefaults({ connection, ...snapshot });
        if (stale.length === 0) return { kind: "noop", result: { version: snapshot.version, rowsBackfilled: 0 } };
        const now = Math.max(Date.now(), snapshot.timestamp + 1);
        const backfill = await backfillFiles({
          connection,
          snapshot,
          schema: snapshot.schema,
          files: stale,
          track,
          now,
        });
        return {
          kind: "commit",
          actions: [
            {
              commitInfo: {
                timestamp: now,
                operation: "BACKFILL DEFAULTS",
                operationMetrics: { numBackfilledRows: String(backfill.rows) },
                engineInfo: ENGINE_INFO,
                readVersion: snapshot.version,
                larder: { rowsUpdated: backfill.rows, filesAdded: backfill.filesAdded, filesRemoved: stale.length },
              },
            },
            ...backfill.actions,
          ],
          result: (version) => ({ version, rowsBackfilled: backfill.rows }),
        };
      },
    }),
  );
};
