import "server-only";

import os from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

export type { DuckDBConnection };

/** One version of a Delta table, read through an open connection. */
export type TTableVersionRead = { tablePath: string; version: number; connection: DuckDBConnection };

/** Engine settings for one DuckDB instance. Defaults fit the 2-core / few-GB worker this runs on. */
export type TDuckDbSettings = {
  /** DuckDB memory limit, e.g. "1GB". COPY streams, so 1 GB is enough for multi-GB sources. */
  memoryLimit?: string;
  threads?: number;
  /** Where DuckDB spills when a sort or join exceeds memoryLimit. */
  tempDirectory?: string;
};

// Default memory limit: DuckDB's own default is 80 % of RAM, which is wrong for a worker sharing the machine.
const DEFAULT_MEMORY_LIMIT = "1GB";
// Default threads: the reference machine has 2 cores; more threads only add memory pressure there.
const DEFAULT_THREADS = 2;
const MEMORY_LIMIT_PATTERN = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

const openDuckDb = async (
  settings: TDuckDbSettings = {},
): Promise<{
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  close: () => void;
}> => {
  const memoryLimit = settings.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  if (!MEMORY_LIMIT_PATTERN.test(memoryLimit)) throw new Error(`Invalid DuckDB memory limit ${memoryLimit}`);
  const threads = settings.threads ?? DEFAULT_THREADS;
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`Invalid DuckDB thread count ${threads}`);
  const instance = await DuckDBInstance.create(":memory:", {
    memory_limit: memoryLimit,
    threads: String(threads),
    // The delta/httpfs extensions cannot be downloaded here; fail fast instead of hanging on a download.
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
    temp_directory: settings.tempDirectory ?? path.join(os.tmpdir(), "larder-duckdb-spill"),
  });
  const connection = await instance.connect();
  // Delta timestamps are UTC instants; zone-less partition values are read as UTC (as Delta Kernel does).
  await connection.run("SET TimeZone = 'UTC'");
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  return { instance, connection, close };
};

/** Runs `work` on a fresh DuckDB connection and always closes it. */
export const withDuckDb = async <T>(
  settings: TDuckDbSettings | undefined,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> => {
  const { connection, close } = await openDuckDb(settings);
  try {
    return await work(connection);
  } finally {
    close();
  }
};

/** Quotes an identifier for DuckDB SQL: wraps in double quotes, doubling embedded ones. */
export const quoteIdent = (name: string): string => {
  if (name.includes("\u0000")) throw new Error("Identifier contains a NUL character");
  return `"${name.replaceAll('"', '""')}"`;
};

/** Quotes a string literal for DuckDB SQL: wraps in single quotes, doubling embedded ones. */
export const quoteLiteral = (value: string): string => {
  if (value.includes("\u0000")) throw new Error("String literal contains a NUL character");
  return `'${value.replaceAll("'", "''")}'`;
};

/** A DuckDB list literal of file paths, for read_parquet([...]). */
export const fileListLiteral = (files: string[]): string => `[${files.map(quoteLiteral).join(", ")}]`;

/** Runs a query and returns rows as JSON-safe objects (BIGINT → string, timestamps → ISO-like strings). */
export const queryJsonRows = async (connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> => {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
};

/** Why DuckDB (RE2, as `regexp_matches` runs it) refuses a regular expression, or null when it compiles. */
export const regexPatternError = async (pattern: string): Promise<string | null> =>
  withDuckDb({ memoryLimit: "64MB", threads: 1 }, async (connection) => {
    try {
      await connection.run(`SELECT regexp_matches('', ${quoteLiteral(pattern)})`);
      return null;
    } catch (error) {
      return (error as Error).message.split("\n")[0];
    }
  });
