import "server-only";

import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { TDeltaAction } from "./delta-actions";
import { type DuckDBConnection, fileListLiteral, queryJsonRows, quoteLiteral } from "./duckdb";
import { writeFileAtomic } from "./log-store";
import { checkpointFileName, deltaLogPath } from "./paths";

// Commit versions that are multiples of this get a checkpoint (Delta's default checkpointInterval).
export const CHECKPOINT_INTERVAL = 10;

const ACTION_COLUMNS = ["txn", "add", "remove", "metaData", "protocol"] as const;

/** Reads the actions of a (single- or multi-part) checkpoint, written by us or by Spark. */
export const readCheckpointActions = async ({
  connection,
  files,
}: {
  connection: DuckDBConnection;
  files: string[];
}): Promise<TDeltaAction[]> => {
  const source = `read_parquet(${fileListLiteral(files)}, union_by_name = true)`;
  const described = await queryJsonRows(connection, `DESCRIBE SELECT * FROM ${source}`);
  const present = new Set(described.map((row) => String(row.column_name)));
  const columns = ACTION_COLUMNS.filter((column) => present.has(column));
  if (columns.length === 0) return [];
  const select = columns.map((column) => `to_json("${column}") AS "${column}"`).join(", ");
  const where = columns.map((column) => `"${column}" IS NOT NULL`).join(" OR ");
  const rows = await queryJsonRows(connection, `SELECT ${select} FROM ${source} WHERE ${where}`);
  const actions: TDeltaAction[] = [];
  for (const row of rows) {
    for (const column of columns) {
      const json = row[column];
      if (typeof json === "string") actions.push({ [column]: JSON.parse(json) } as TDeltaAction);
    }
  }
  return actions;
};

// Column types follow the checkpoint schema of PROTOCOL.md ("Checkpoint Schema"): partitionValues and
// configuration are MAP(string, string), stats stays a JSON string.
const CHECKPOINT_COLUMNS = {
  txn: "STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)",
  add:
    "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, " +
    "dataChange BOOLEAN, stats VARCHAR, tags MAP(VARCHAR, VARCHAR))",
  remove:
    "STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, extendedFileMetadata BOOLEAN, " +
    "partitionValues MAP(VARCHAR, VARCHAR), size BIGINT)",
  metaData:
    "STRUCT(id VARCHAR, name VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, options MAP(VARCHAR, VARCHAR)), " +
    "schemaString VARCHAR, partitionColumns VARCHAR[], configuration MAP(VARCHAR, VARCHAR), createdTime BIGINT)",
  protocol: "STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER)",
};

/**
 * Writes `<version>.checkpoint.parquet` holding the reconciled state (protocol, metaData, txns, live adds,
 * remove tombstones) and then `_last_checkpoint`. Both are written atomically (temp + rename), so a reader
 * sees either the old or the new checkpoint, never half of one.
 */
export const writeCheckpoint = async ({
  connection,
  tablePath,
  version,
  actions,
}: {
  connection: DuckDBConnection;
  tablePath: string;
  version: number;
  actions: TDeltaAction[];
}): Promise<void> => {
  const logDir = deltaLogPath(tablePath);
  const id = randomUUID();
  const jsonFile = path.join(logDir, `.checkpoint-${id}.json.tmp`);
  const parquetTemp = path.join(logDir, `.checkpoint-${id}.parquet.tmp`);
  try {
    // Strip fields the checkpoint schema does not carry (read_json would reject unknown keys).
    const lines = actions.map((action) => {
      if (action.add) {
        const { path: p, partitionValues, size, modificationTime, dataChange, stats, tags } = action.add;
        return {
          add: {
            path: p,
            partitionValues,
            size,
            modificationTime,
            dataChange,
            stats: stats ?? null,
            tags: tags ?? null,
          },
        };
      }
      if (action.remove) {
        const { path: p, deletionTimestamp, dataChange, extendedFileMetadata, partitionValues, size } = action.remove;
        return { remove: { path: p, deletionTimestamp, dataChange, extendedFileMetadata, partitionValues, size } };
      }
      if (action.protocol) {
        return {
          protocol: {
            minReaderVersion: action.protocol.minReaderVersion,
            minWriterVersion: action.protocol.minWriterVersion,
          },
        };
      }
      return action;
    });
    await fs.writeFile(jsonFile, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
    const columns = Object.entries(CHECKPOINT_COLUMNS)
      .map(([name, type]) => `${name}: ${quoteLiteral(type)}`)
      .join(", ");
    await connection.run(
      `COPY (SELECT txn, add, remove, metaData, protocol FROM read_json(${quoteLiteral(jsonFile)}, ` +
        `format = 'newline_delimited', columns = {${columns}})) TO ${quoteLiteral(parquetTemp)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    await fs.rename(parquetTemp, path.join(logDir, checkpointFileName(version)));
    await writeFileAtomic({
      file: path.join(logDir, "_last_checkpoint"),
      data: JSON.stringify({ version, size: lines.length }),
    });
  } finally {
    await fs.rm(jsonFile, { force: true });
    await fs.rm(parquetTemp, { force: true });
  }
};
