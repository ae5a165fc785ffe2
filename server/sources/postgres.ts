import "server-only";
import pg from "pg";
import { getEnv } from "../env";
import { OperationAbortedError } from "../offline";
import type { TFeatureType } from "@/lib/api/feature-groups";

// PostgreSQL sources (docs/data-sources.md): a connection with a bounded connect time, read-only transactions, and
// failures told in our own words — never the driver's text, which could quote the connection string — naming the
// cause (authentication, host, database, table) and never the password.

export type TPgConnection = { host: string; port: number; database: string; user: string; password: string };

/** A connection problem a user can act on; `field` is the request field it is about. */
export class SourceConnectionError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

// Dates as their text and zone-less timestamps as UTC instants (the driver would make local-time Dates of both);
// timestamps with a zone become Dates, written out as ISO text.
const PARSERS: Record<number, (value: string) => string> = {
  1082: (value) => value,
  1114: (value) => `${value.replace(" ", "T")}Z`,
};
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    PARSERS[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const explain = (error: unknown, connection: TPgConnection, timeoutMs: number): SourceConnectionError => {
  const code = (error as { code?: string }).code;
  const where = `${connection.host}:${connection.port}`;
  switch (code) {
    case "28P01":
    case "28000":
      return new SourceConnectionError(
        `password authentication failed for user '${connection.user}' at ${where}`,
        "connection.password",
      );
    case "3D000":
      return new SourceConnectionError(
        `database '${connection.database}' does not exist at ${where}`,
        "connection.database",
      );
    case "ECONNREFUSED":
      return new SourceConnectionError(`nothing accepts connections at ${where}`, "connection.host");
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new SourceConnectionError(`host '${connection.host}' was not found`, "connection.host");
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return new SourceConnectionError(`host ${where} is unreachable`, "connection.host");
    case "42P01":
      return new SourceConnectionError("the table does not exist", "table");
    case "42501":
      return new SourceConnectionError(`user '${connection.user}' may not read it`, "table");
  }
  if (typeof code === "string" && /^42/.test(code))
    return new SourceConnectionError(`the query is not valid SQL here (SQLSTATE ${code})`, "query");
  const message = (error as Error).message ?? "";
  if (code === "ETIMEDOUT" || /timeout|timed out/i.test(message))
    return new SourceConnectionError(`${where} did not answer within ${timeoutMs} ms`, "connection.host");
  // The peer hung up during the handshake: not a PostgreSQL server, or something in between (a proxy, a firewall)
  // that takes the connection and drops it, as some networks do for addresses they do not route.
  if (code === "ECONNRESET" || code === "EPIPE" || /terminated unexpectedly/i.test(message))
    return new SourceConnectionError(
      `${where} closed the connection before answering as a PostgreSQL server`,
      "connection.host",
    );
  return new SourceConnectionError(
    `the source could not be read${typeof code === "string" ? ` (SQLSTATE ${code})` : ""}`,
    "connection",
  );
};

/** An error of the reader's own work (staging a batch, a cancellation): passed on as it is, not told as the source's. */
class NotFromSource extends Error {
  constructor(readonly original: unknown) {
    super("not the source's error");
  }
}

/** Runs `work` in a read-only transaction on a fresh connection, closed afterwards. */
const withSourceClient = async <T>(connection: TPgConnection, work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const timeoutMs = getEnv().LARDER_SOURCE_CONNECT_TIMEOUT_MS;
  const client = new pg.Client({ ...connection, connectionTimeoutMillis: timeoutMs, types });
  client.on("error", () => {}); // surfaced by the pending call's rejection
  try {
    await client.connect();
    await client.query("BEGIN READ ONLY");
    return await work(client);
  } catch (error) {
    if (error instanceof SourceConnectionError) throw error;
    if (error instanceof NotFromSource) throw error.original;
    throw explain(error, connection, timeoutMs);
  } finally {
    await client.end().catch(() => undefined);
  }
};

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The relation a source reads: its table (quoted) or its query as a subquery. */
export const sourceRelation = ({ table, query }: { table: string | null; query: string | null }): string =>
  table ? table.split(".").map(quoteIdent).join(".") : `(${query!.replace(/;\s*$/, "")})`;

const FEATURE_TYPE_OF_OID: Record<number, TFeatureType> = {
  20: "bigint",
  21: "int",
  23: "int",
  700: "float",
  701: "double",
  1700: "double",
  16: "boolean",
  1082: "date",
  1114: "timestamp",
  1184: "timestamp",
  1021: "array<float>",
  1022: "array<float>",
};

/** The relation's columns and their feature types, from a query that reads no row. */
export const describePgSource = async (
  connection: TPgConnection,
  relation: string,
): Promise<{ sourceName: string; type: TFeatureType }[]> =>
  withSourceClient(connection, async (client) => {
    const result = await client.query(`SELECT * FROM ${relation} AS larder_source LIMIT 0`);
    return result.fields.map((field) => ({
      sourceName: field.name,
      type: FEATURE_TYPE_OF_OID[field.dataTypeID] ?? "string",
    }));
  });

/**
 * Streams the rows after the watermark (all rows without one), in watermark order, `batchRows` at a time: a
 * server-side cursor (DECLARE … NO SCROLL CURSOR, then FETCH FORWARD n) inside the read-only transaction, so one
 * snapshot is read and at most one batch is held in memory however large the table is. `onBatch` is awaited before
 * the next FETCH (back-pressure); the signal is checked between batches.
 */
export const streamPgRows = async ({
  connection,
  relation,
  watermarkColumn,
  after,
  batchRows,
  onBatch,
  onProgress,
  signal,
}: {
  connection: TPgConnection;
  relation: string;
  watermarkColumn: string | null;
  after: string | null;
  batchRows: number;
  onBatch: (rows: Record<string, unknown>[]) => Promise<void>;
  onProgress?: (rows: number, batches: number) => void;
  signal?: AbortSignal;
}): Promise<{ rows: number; batches: number }> =>
  withSourceClient(connection, async (client) => {
    const column = watermarkColumn ? `larder_source.${quoteIdent(watermarkColumn)}` : null;
    const where = column && after !== null ? `WHERE ${column} > $1` : "";
    const order = column ? `ORDER BY ${column}` : "";
    await client.query(
      `DECLARE larder_rows NO SCROLL CURSOR FOR SELECT * FROM ${relation} AS larder_source ${where} ${order}`,
      column && after !== null ? [after] : [],
    );
    let rows = 0;
    let batches = 0;
    for (;;) {
      if (signal?.aborted) throw new NotFromSource(new OperationAbortedError());
      const result = await client.query(`FETCH FORWARD ${Math.trunc(batchRows)} FROM larder_rows`);
      if (!result.rows.length) break;
      rows += result.rows.length;
      batches += 1;
      await onBatch(result.rows).catch((error: unknown) => {
        throw new NotFromSource(error);
      });
      onProgress?.(rows, batches);
      if (result.rows.length < batchRows) break;
    }
    return { rows, batches };
  });
